/**
 * s3, as the reference's `populate_tf_resource_s3` (`_populate_tf_resource_s3_bucket`,
 * `_populate_tf_resource_s3_bucket_policy`, `_populate_tf_resource_s3_iam`, TAC)
 * writes it: `aws_s3_bucket.<id>` built from a whitelist of the merged values
 * (anything else, e.g. `force_destroy`, is dropped as the reference drops it),
 * an optional `aws_s3_bucket_policy.<id>`, and the IAM user set with the
 * reference's bucket policy document. Outputs bucket, aws_region, endpoint, keys.
 *
 * Versioning, encryption and lifecycle stay inline blocks (deprecated in provider
 * 5.x but what the reference writes), so state shapes match its state.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject, type Values } from '../merge.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { declare, metadataOutputs, output, type KindContext } from './context.js';
import { iamUserSet, jsonDumps } from './iam-user-set.js';

/** The reference's DEFAULT_S3_SSE_CONFIGURATION. */
const DEFAULT_SSE = { rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } } };

/** Keys of the reference's s3 inputs tfdoctor does not build yet: refused rather than silently different. */
const NOT_YET = ['s3_bucket_logging', 'replication_configurations', 'sqs_identifier', 'event_notifications'];

/** `_build_tf_resource_s3_lifecycle_rules`. */
export function s3LifecycleRules(versioning: unknown, values: Values): unknown[] {
  const given = values['lifecycle_rules'];
  const rules: unknown[] = Array.isArray(given) ? [...given] : [];
  if (versioning && !rules.some((r) => isPlainObject(r) && 'noncurrent_version_expiration' in r))
    rules.push({
      id: 'expire_noncurrent_versions',
      enabled: true,
      noncurrent_version_expiration: { days: 30 },
      expiration: { expired_object_delete_marker: true },
      abort_incomplete_multipart_upload_days: 3,
    });
  const storageClass = values['storage_class'];
  if (typeof storageClass === 'string' && storageClass) {
    const sc = storageClass.toUpperCase();
    // Infrequent-access classes need 30 days before a transition.
    const days = sc.endsWith('_IA') ? '30' : '1';
    rules.push({
      id: `${sc}_storage_class`,
      enabled: true,
      transition: { days, storage_class: sc },
      noncurrent_version_transition: { days, storage_class: sc },
    });
  }
  return rules;
}

export function synthS3(ctx: KindContext): void {
  const v = ctx.res.values;
  s3Bucket(ctx);
  const policy = v['bucket_policy'];
  if (policy) {
    if (typeof policy !== 'string') throw inputError(ctx.res.origins['bucket_policy'] ?? ctx.res.where, 'bucket_policy must be a JSON string');
    s3BucketPolicy(ctx, escapeTemplate(policy));
  }
  s3Iam(ctx);
  metadataOutputs(ctx);
}

/** The provider of the kind's bucket resources: `aws.<region>` only in a multi-region account (`_multiregion_account`). */
export function s3Provider(ctx: KindContext): string | undefined {
  return ctx.account.regions.length ? `aws.${ctx.region}` : undefined;
}

/** `_populate_tf_resource_s3_bucket` (without the notifications): `aws_s3_bucket.<id>` and the outputs bucket, aws_region, endpoint. */
export function s3Bucket(ctx: KindContext): void {
  const { res } = ctx;
  const v = res.values;
  for (const key of NOT_YET)
    if (v[key] !== undefined && v[key] !== null) throw inputError(res.origins[key] ?? res.where, `${key} is not supported by tfdoctor yet`);
  const provider = s3Provider(ctx);

  const bucket = declare(ctx, aws.S3Bucket, ctx.name, { bucket: escapeTemplate(res.identifier), tags: ctx.tags });
  const versioning = v['versioning'] === undefined ? true : v['versioning'];
  bucket.addOverride('versioning', { enabled: escapeDeep(versioning) });
  // Without an acl the grants are managed elsewhere: the reference ignores them.
  if ('acl' in v) bucket.addOverride('acl', escapeDeep(v['acl']));
  else bucket.addOverride('lifecycle', { ignore_changes: ['grant'] });
  bucket.addOverride('server_side_encryption_configuration', escapeDeep(v['server_side_encryption_configuration'] || DEFAULT_SSE));
  if (v['website']) bucket.addOverride('website', escapeDeep(v['website']));
  if (v['request_payer']) bucket.addOverride('request_payer', escapeDeep(v['request_payer']));
  const rules = s3LifecycleRules(versioning, v);
  if (rules.length) bucket.addOverride('lifecycle_rule', escapeDeep(rules));
  if (v['cors_rules']) bucket.addOverride('cors_rule', escapeDeep(v['cors_rules']));
  if (provider) bucket.addOverride('provider', provider);

  output(ctx, 'bucket', escapeTemplate(res.identifier));
  output(ctx, 'aws_region', ctx.region);
  output(ctx, 'endpoint', `s3.${ctx.region}.amazonaws.com`);
}

/** `_populate_tf_resource_s3_bucket_policy`: `aws_s3_bucket_policy.<id>`; `policy` is the document as written (already escaped where it is inventory text). */
export function s3BucketPolicy(ctx: KindContext, policy: string): void {
  const provider = s3Provider(ctx);
  const bp = declare(ctx, aws.S3BucketPolicy, ctx.name, { bucket: escapeTemplate(ctx.res.identifier), policy });
  bp.addOverride('depends_on', [`aws_s3_bucket.${ctx.name}`]);
  if (provider) bp.addOverride('provider', provider);
}

/** `_populate_tf_resource_s3_iam`: the IAM user set with the reference's bucket policy document. */
export function s3Iam(ctx: KindContext): void {
  const v = ctx.res.values;
  const bucketAddr = `aws_s3_bucket.${ctx.name}`;
  const objectActions = ['s3:*Object*'];
  if ((v['acl'] ?? 'private') === 'public-read') objectActions.push('s3:PutObjectAcl');
  if (v['allow_object_tagging']) objectActions.push('s3:*ObjectTagging');
  const arn = `\${${bucketAddr}.arn}`;
  const doc = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ListObjectsInBucket', Effect: 'Allow', Action: ['s3:ListBucket', 's3:PutBucketCORS'], Resource: [arn] },
      { Sid: 'AllObjectActions', Effect: 'Allow', Action: objectActions, Resource: [`${arn}/*`] },
    ],
  };
  iamUserSet(ctx, jsonDumps(doc), [bucketAddr]);
}
