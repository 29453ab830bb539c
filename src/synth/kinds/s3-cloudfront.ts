/**
 * s3-cloudfront, as the reference's `populate_tf_resource_s3_cloudfront` (TAC)
 * writes it: the s3 kind's bucket and IAM user set (src/synth/kinds/s3.ts), an
 * `aws_cloudfront_origin_access_identity.<id>` (comment `<id>-cf-identity`), an
 * `aws_s3_bucket_policy.<id>` granting the identity `s3:GetObject` on
 * `arn:aws:s3:::<id>/<dir>/*` for each `get_object_enable_dirs` entry (required,
 * non-empty; a custom `bucket_policy` gets the statement appended), and an
 * `aws_cloudfront_distribution.<id>` from the defaults' `distribution_config`
 * (tagged; `default_cache_behavior.target_origin_id` defaulting to "default"; one
 * origin: the bucket through the identity). With `distribution_config.logging_config`
 * also `data.aws_cloudfront_log_delivery_canonical_user_id.<id>` and an
 * `aws_s3_bucket_acl.<id>` on the log bucket (full control for the account, the
 * CloudFront log delivery user and an optional `external_account_id`, which is taken
 * out of the logging config). CloudFront is global: no provider on its resources.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject, type Values } from '../merge.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { checkAttribute, declare, metadataOutputs, output, type KindContext } from './context.js';
import { jsonDumps } from './iam-user-set.js';
import { s3Bucket, s3BucketPolicy, s3Iam } from './s3.js';

export function synthS3Cloudfront(ctx: KindContext): void {
  const { res } = ctx;
  const v = res.values;
  s3Bucket(ctx);
  s3Iam(ctx);

  const oaiAddr = `aws_cloudfront_origin_access_identity.${ctx.name}`;
  declare(ctx, aws.CloudfrontOriginAccessIdentity, ctx.name, { comment: escapeTemplate(`${res.identifier}-cf-identity`) });

  const dirs = v['get_object_enable_dirs'];
  const dirsWhere = res.origins['get_object_enable_dirs'] ?? { ...res.where, path: [...res.where.path, 'defaults'] };
  if (!Array.isArray(dirs) || dirs.length === 0)
    throw inputError(dirsWhere, `get_object_enable_dirs must be provided and non-empty for resource ${res.identifier}`);
  if (!dirs.every((d) => typeof d === 'string')) throw inputError(dirsWhere, 'get_object_enable_dirs must be a list of strings');
  const cfStatement = {
    Sid: 'Grant access to CloudFront Origin Identity',
    Effect: 'Allow',
    Principal: { AWS: `\${${oaiAddr}.iam_arn}` },
    Action: 's3:GetObject',
    Resource: (dirs as string[]).map((d) => `arn:aws:s3:::${escapeTemplate(res.identifier)}/${escapeTemplate(d)}/*`),
  };
  const custom = v['bucket_policy'];
  let policy: Values;
  if (custom) {
    const where = res.origins['bucket_policy'] ?? res.where;
    let parsed: unknown = custom;
    if (typeof custom === 'string') {
      try {
        parsed = JSON.parse(custom);
      } catch (err) {
        throw inputError(where, `bucket_policy is not valid JSON: ${(err as Error).message}`);
      }
    }
    if (!isPlainObject(parsed)) throw inputError(where, 'bucket_policy must be a JSON object');
    policy = escapeDeep(parsed);
    const statements = policy['Statement'] ?? [];
    if (!Array.isArray(statements)) throw inputError(where, 'bucket_policy.Statement must be a list');
    policy['Statement'] = [...(statements as unknown[]), cfStatement];
  } else {
    policy = { Version: '2012-10-17', Statement: [cfStatement] };
  }
  s3BucketPolicy(ctx, jsonDumps(policy));

  const rawConfig = v['distribution_config'] ?? {};
  const configWhere = res.origins['distribution_config'] ?? res.where;
  if (!isPlainObject(rawConfig)) throw inputError(configWhere, 'distribution_config must be a mapping');
  const config: Values = escapeDeep(structuredClone(rawConfig));
  const logging = config['logging_config'];
  if (logging !== undefined) {
    if (!isPlainObject(logging) || typeof logging['bucket'] !== 'string')
      throw inputError({ ...configWhere, path: [...configWhere.path, 'logging_config'] }, 'logging_config needs bucket (a string)');
    declare(ctx, aws.DataAwsCloudfrontLogDeliveryCanonicalUserId, ctx.name, {}, true);
    const self = '${data.aws_canonical_user_id.current.id}';
    const grants: unknown[] = [
      { grantee: { id: self, type: 'CanonicalUser' }, permission: 'FULL_CONTROL' },
      { grantee: { id: `\${data.aws_cloudfront_log_delivery_canonical_user_id.${ctx.name}.id}`, type: 'CanonicalUser' }, permission: 'FULL_CONTROL' },
    ];
    const external = logging['external_account_id'];
    delete logging['external_account_id'];
    if (external) grants.push({ grantee: { id: external, type: 'CanonicalUser' }, permission: 'FULL_CONTROL' });
    const acl = declare(ctx, aws.S3BucketAcl, ctx.name, { bucket: logging['bucket'].split('.')[0] ?? '' });
    acl.addOverride('access_control_policy', { owner: { id: self }, grant: grants });
  }
  config['tags'] = ctx.tags;
  const behavior = config['default_cache_behavior'] ?? {};
  if (!isPlainObject(behavior)) throw inputError({ ...configWhere, path: [...configWhere.path, 'default_cache_behavior'] }, 'default_cache_behavior must be a mapping');
  behavior['target_origin_id'] ??= 'default';
  config['default_cache_behavior'] = behavior;
  config['origin'] = [
    {
      domain_name: `\${aws_s3_bucket.${ctx.name}.bucket_domain_name}`,
      origin_id: behavior['target_origin_id'],
      s3_origin_config: { origin_access_identity: `origin-access-identity/cloudfront/\${${oaiAddr}.id}` },
    },
  ];
  const distribution = declare(ctx, aws.CloudfrontDistribution, ctx.name, {} as never);
  for (const [key, value] of Object.entries(config)) {
    if (value === null || value === undefined) continue;
    checkAttribute(ctx, aws.CloudfrontDistribution, key, { file: configWhere.file, path: [...configWhere.path, key] });
    distribution.addOverride(key, value);
  }

  const distAddr = `aws_cloudfront_distribution.${ctx.name}`;
  output(ctx, 'cloud_front_origin_access_identity_id', `\${${oaiAddr}.id}`);
  output(ctx, 's3_canonical_user_id', `\${${oaiAddr}.s3_canonical_user_id}`);
  output(ctx, 'distribution_domain', `\${${distAddr}.domain_name}`);
  output(ctx, 'origin_access_identity', `origin-access-identity/cloudfront/\${${oaiAddr}.id}`);
  metadataOutputs(ctx);
}
