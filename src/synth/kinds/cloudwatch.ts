/**
 * cloudwatch (`populate_tf_resource_cloudwatch`): `aws_cloudwatch_log_group.<id>`
 * with `name = <id>`, tags and `retention_in_days` (the values' value, else 14,
 * `_get_retention_in_days`); no other key reaches the resource. The IAM user set is
 * allowed CreateLogGroup/DescribeLogStreams/CreateLogStream/PutLogEvents on
 * `<arn>:*` and DescribeLogGroups on `*`. Outputs log_group_name, aws_region, keys.
 * `es_identifier` (a Lambda subscription to Elasticsearch) is refused: not built yet.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';
import { iamUserSet } from './iam-user-set.js';

export function synthCloudwatch(ctx: KindContext): void {
  const { res } = ctx;
  if (res.values['es_identifier'] !== undefined && res.values['es_identifier'] !== null)
    throw inputError(res.origins['es_identifier'] ?? { ...res.where, path: [...res.where.path, 'es_identifier'] }, 'es_identifier (log subscription to Elasticsearch) is not supported yet by tfdoctor');
  const retention = res.values['retention_in_days'];
  if (retention !== undefined && retention !== null && (typeof retention !== 'number' || !Number.isInteger(retention)))
    throw inputError(res.origins['retention_in_days'] ?? res.where, 'retention_in_days must be a whole number');
  const group = declare(ctx, aws.CloudwatchLogGroup, ctx.name, {
    name: res.identifier,
    tags: ctx.tags,
    // `values.get(...) or 14`: 0 also becomes 14.
    retentionInDays: typeof retention === 'number' && retention !== 0 ? retention : 14,
    ...providerOf(ctx),
  });
  output(ctx, 'log_group_name', res.identifier);
  output(ctx, 'aws_region', ctx.region);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Action: ['logs:CreateLogGroup', 'logs:DescribeLogStreams', 'logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: `${group.arn}:*` },
      { Action: ['logs:DescribeLogGroups'], Effect: 'Allow', Resource: '*' },
    ],
  };
  iamUserSet(ctx, JSON.stringify(policy));
  metadataOutputs(ctx);
}
