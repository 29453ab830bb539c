/**
 * ecr: `aws_ecr_repository.<id>` (or `aws_ecrpublic_repository.<id>` with
 * `public: true`; ECR Public lives only in us-east-1) and the IAM user set.
 * Outputs url, aws_region, keys.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';
import { allowPolicy, iamUserSet } from './iam-user-set.js';

const CONSUMED = ['public', 'name', 'repository_name'];

export function synthEcr(ctx: KindContext): void {
  const { res } = ctx;
  let url: string;
  let arn: string;
  if (res.values['public'] === true) {
    if (ctx.region !== 'us-east-1') throw inputError(res.origins['public'] ?? res.where, `ECR Public exists only in us-east-1, not ${ctx.region}`);
    const repo = declare(ctx, aws.EcrpublicRepository, ctx.name, { repositoryName: res.identifier, tags: ctx.tags, ...providerOf(ctx) });
    applyValues(ctx, repo, aws.EcrpublicRepository, res.values, CONSUMED);
    url = repo.repositoryUri;
    arn = repo.arn;
  } else {
    const repo = declare(ctx, aws.EcrRepository, ctx.name, { name: res.identifier, tags: ctx.tags, ...providerOf(ctx) });
    applyValues(ctx, repo, aws.EcrRepository, res.values, CONSUMED);
    url = repo.repositoryUrl;
    arn = repo.arn;
  }
  iamUserSet(ctx, allowPolicy(['ecr:*'], [arn]));
  output(ctx, 'url', url);
  output(ctx, 'aws_region', ctx.region);
  metadataOutputs(ctx);
}
