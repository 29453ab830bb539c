/**
 * s3-sqs, as the reference's `populate_tf_resource_s3_sqs` (TAC) writes it: the
 * whole s3 kind (src/synth/kinds/s3.ts, bucket + IAM user set + its outputs), then
 * a queue `aws_sqs_queue.<id>-sqs` (visibility_timeout_seconds default 30,
 * message_retention_seconds default 345600, a policy letting the bucket send
 * messages), with `kms_encryption` an `aws_kms_key.<id>-kms` + `aws_kms_alias.<id>-kms`
 * (key usage / spec upper-cased, a policy for the account root and S3) the queue is
 * encrypted with, an `aws_s3_bucket_notification.<id>-sqs` (`s3_events`, default
 * `s3:ObjectCreated:*`, optional filter_prefix/filter_suffix; no provider, as the
 * reference writes it), and a second IAM user set `<id>-sqs` (untagged) allowed
 * `sqs:*` on the queue. Outputs sqs_aws_access_key_id, sqs_aws_secret_access_key
 * (sensitive) and `<id>-sqs` = the queue URL.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate, tfName } from '../naming.js';
import { declare, output, type KindContext } from './context.js';
import { jsonDumps } from './iam-user-set.js';
import { s3Provider, synthS3 } from './s3.js';

export function synthS3Sqs(ctx: KindContext): void {
  const { res, account } = ctx;
  const v = res.values;
  synthS3(ctx);
  const provider = s3Provider(ctx);
  const sqsId = `${res.identifier}-sqs`;
  const sqsName = tfName(sqsId);
  if (!sqsName) throw inputError({ ...res.where, path: [...res.where.path, 'identifier'] }, 'not usable as a Terraform resource name');
  const queueName = escapeTemplate(sqsId);
  const int = (key: string, dflt: number): number => {
    const raw = v[key] ?? dflt;
    const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
    if (!Number.isInteger(n)) throw inputError(res.origins[key] ?? res.where, `${key} must be an integer`);
    return n;
  };
  const upper = (key: string, dflt: string): string => escapeTemplate(String(v[key] ?? dflt).toUpperCase());
  const bucketArn = `\${aws_s3_bucket.${ctx.name}.arn}`;
  const queuePolicy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 'sqs:SendMessage',
        Resource: `arn:${account.partition}:sqs:*:*:${queueName}`,
        Condition: { ArnEquals: { 'aws:SourceArn': bucketArn } },
      },
    ],
  };
  const queue = declare(ctx, aws.SqsQueue, sqsName, { name: queueName });
  queue.addOverride('visibility_timeout_seconds', int('visibility_timeout_seconds', 30));
  queue.addOverride('message_retention_seconds', int('message_retention_seconds', 345600));
  queue.addOverride('policy', jsonDumps(queuePolicy));

  const kmsEncryption = v['kms_encryption'] ?? false;
  let kmsArn: string | undefined;
  if (kmsEncryption) {
    const kmsId = `${res.identifier}-kms`;
    const kmsName = tfName(kmsId) ?? '';
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:${account.partition}:iam::${account.uid}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' },
      ],
    };
    const key = declare(ctx, aws.KmsKey, kmsName, {});
    key.addOverride('description', `app-interface created KMS key for${queueName}`);
    key.addOverride('key_usage', upper('key_usage', 'ENCRYPT_DECRYPT'));
    key.addOverride('customer_master_key_spec', upper('customer_master_key_spec', 'SYMMETRIC_DEFAULT'));
    key.addOverride('is_enabled', escapeDeep(v['is_enabled'] ?? true));
    key.addOverride('policy', jsonDumps(keyPolicy));
    if (provider) key.addOverride('provider', provider);
    const alias = declare(ctx, aws.KmsAlias, kmsName, { name: escapeTemplate(`alias/${kmsId}`), targetKeyId: `\${aws_kms_key.${kmsName}.key_id}` });
    if (provider) alias.addOverride('provider', provider);
    kmsArn = `\${aws_kms_key.${kmsName}.arn}`;
    queue.addOverride('kms_master_key_id', kmsArn);
    queue.addOverride('depends_on', [`aws_kms_key.${kmsName}`]);
  }
  if (provider) queue.addOverride('provider', provider);

  const events = v['s3_events'] ?? ['s3:ObjectCreated:*'];
  if (!Array.isArray(events) || !events.every((e) => typeof e === 'string')) throw inputError(res.origins['s3_events'] ?? res.where, 's3_events must be a list of strings');
  const target: Record<string, unknown> = { id: queueName, queue_arn: `\${aws_sqs_queue.${sqsName}.arn}`, events: escapeDeep(events) };
  for (const key of ['filter_prefix', 'filter_suffix'])
    if (v[key] !== undefined && v[key] !== null) target[key] = escapeDeep(v[key]);
  const notification = declare(ctx, aws.S3BucketNotification, sqsName, { bucket: `\${aws_s3_bucket.${ctx.name}.id}` });
  notification.addOverride('queue', [target]);

  const user = declare(ctx, aws.IamUser, sqsName, { name: queueName });
  const accessKey = declare(ctx, aws.IamAccessKey, sqsName, { user: queueName });
  accessKey.addOverride('depends_on', [`aws_iam_user.${sqsName}`]);
  output(ctx, 'sqs_aws_access_key_id', `\${aws_iam_access_key.${sqsName}.id}`, true);
  output(ctx, 'sqs_aws_secret_access_key', `\${aws_iam_access_key.${sqsName}.secret}`, true);
  const statements: unknown[] = [
    { Effect: 'Allow', Action: ['sqs:*'], Resource: [`arn:${account.partition}:sqs:*:${account.uid}:${queueName}`] },
    { Effect: 'Allow', Action: ['sqs:ListQueues'], Resource: '*' },
  ];
  if (kmsArn) statements.push({ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [kmsArn] });
  declare(ctx, aws.IamPolicy, sqsName, { name: queueName, policy: jsonDumps({ Version: '2012-10-17', Statement: statements }) });
  const att = declare(ctx, aws.IamUserPolicyAttachment, sqsName, { user: queueName, policyArn: `\${aws_iam_policy.${sqsName}.arn}` });
  att.addOverride('depends_on', [`aws_iam_user.${sqsName}`, `aws_iam_policy.${sqsName}`]);
  void user;
  output(ctx, sqsId, `https://sqs.${ctx.region}.amazonaws.com/${account.uid}/${queueName}`);
}
