/**
 * cloudwatch: `aws_cloudwatch_log_group.<id>` (`name = <id>`, retention 14 days
 * unless the values say otherwise) and the IAM user set. Outputs log_group_name, aws_region, keys.
 */
import { aws } from '../cdk.js';
import { applyValues, declare, metadataOutputs, output, providerOf, type KindContext } from './context.js';
import { allowPolicy, iamUserSet } from './iam-user-set.js';

export function synthCloudwatch(ctx: KindContext): void {
  const group = declare(ctx, aws.CloudwatchLogGroup, ctx.name, {
    name: ctx.res.identifier,
    retentionInDays: 14,
    tags: ctx.tags,
    ...providerOf(ctx),
  });
  applyValues(ctx, group, aws.CloudwatchLogGroup, ctx.res.values, ['name']);
  iamUserSet(ctx, allowPolicy(['logs:*'], [group.arn, `${group.arn}:*`]));
  output(ctx, 'log_group_name', group.name);
  output(ctx, 'aws_region', ctx.region);
  metadataOutputs(ctx);
}
