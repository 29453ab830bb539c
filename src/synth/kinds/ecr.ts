/**
 * ecr (`populate_tf_resource_ecr`): `aws_ecr_repository.<id>` with only `name` and
 * tags (the reference's GraphQL selects no defaults for ecr), or, with `public: true`,
 * `aws_ecrpublic_repository.<id>` with `repository_name` and no tags (ECR Public
 * takes none in the reference). The IAM user set is allowed ListImages on the
 * repository, GetAuthorizationToken on `*` and the 12 push/pull actions on the
 * repository. Outputs url, aws_region, keys.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';
import { iamUserSet } from './iam-user-set.js';

/** ManageRepositoryContents in the reference's policy, in its order. */
export const ECR_REPOSITORY_ACTIONS = [
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:GetRepositoryPolicy',
  'ecr:DescribeRepositories',
  'ecr:ListImages',
  'ecr:DescribeImages',
  'ecr:BatchGetImage',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

export function synthEcr(ctx: KindContext): void {
  const { res } = ctx;
  let url: string;
  let arn: string;
  if (res.values['public'] === true) {
    if (ctx.region !== 'us-east-1') throw inputError(res.origins['public'] ?? res.where, `ECR Public exists only in us-east-1, not ${ctx.region}`);
    const repo = declare(ctx, aws.EcrpublicRepository, ctx.name, { repositoryName: res.identifier, ...providerOf(ctx) });
    url = repo.repositoryUri;
    arn = repo.arn;
  } else {
    const repo = declare(ctx, aws.EcrRepository, ctx.name, { name: res.identifier, tags: ctx.tags, ...providerOf(ctx) });
    url = repo.repositoryUrl;
    arn = repo.arn;
  }
  output(ctx, 'url', url);
  output(ctx, 'aws_region', ctx.region);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListImagesInRepository', Effect: 'Allow', Action: ['ecr:ListImages'], Resource: arn },
      { Sid: 'GetAuthorizationToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
      { Sid: 'ManageRepositoryContents', Effect: 'Allow', Action: ECR_REPOSITORY_ACTIONS, Resource: arn },
    ],
  };
  iamUserSet(ctx, JSON.stringify(policy));
  metadataOutputs(ctx);
}
