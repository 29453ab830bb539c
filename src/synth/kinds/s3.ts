/**
 * s3: `aws_s3_bucket.<id>` (`bucket = <id>`, versioning on and AES256 encryption
 * unless the values say otherwise, as the reference's defaults), an optional
 * `aws_s3_bucket_policy.<id>`, and the IAM user set with access to the bucket.
 * Outputs bucket, aws_region, endpoint, keys.
 *
 * Versioning and encryption stay inline blocks (deprecated in provider 5.x but
 * what the reference writes), so addresses and state shapes match its state.
 */
import { aws } from '../cdk.js';
import { escapeTemplate } from '../naming.js';
import { applyValues, declare, metadataOutputs, output, providerOf, stringValue, type KindContext } from './context.js';
import { allowPolicy, iamUserSet } from './iam-user-set.js';

const CONSUMED = ['bucket', 'bucket_policy'];

export function synthS3(ctx: KindContext): void {
  const { res } = ctx;
  const bucket = declare(ctx, aws.S3Bucket, ctx.name, { bucket: res.identifier, tags: ctx.tags, ...providerOf(ctx) });
  if (res.values['versioning'] === undefined) bucket.addOverride('versioning', [{ enabled: true }]);
  if (res.values['server_side_encryption_configuration'] === undefined)
    bucket.addOverride('server_side_encryption_configuration', [
      { rule: [{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }] },
    ]);
  applyValues(ctx, bucket, aws.S3Bucket, res.values, CONSUMED);

  const policy = stringValue(ctx, 'bucket_policy');
  if (policy) declare(ctx, aws.S3BucketPolicy, ctx.name, { bucket: bucket.id, policy: escapeTemplate(policy), ...providerOf(ctx) });

  iamUserSet(ctx, allowPolicy(['s3:*'], [bucket.arn, `${bucket.arn}/*`]));
  output(ctx, 'bucket', bucket.bucket);
  output(ctx, 'aws_region', ctx.region);
  output(ctx, 'endpoint', `s3.${ctx.region}.amazonaws.com`);
  metadataOutputs(ctx);
}
