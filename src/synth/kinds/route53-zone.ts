/**
 * route53-zone: `aws_route53_zone.<id with dots as _>` (`name` = the entry's
 * `name`, else the identifier), `aws_route53_record.<zone>_<record name>_<type>`
 * per record, and the IAM user set allowed on the zone. Outputs zone_id, keys.
 * Route 53 is global: the default provider.
 */
import { aws } from '../cdk.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { declare, metadataOutputs, output, stringValue, type KindContext } from './context.js';
import { allowPolicy, iamUserSet } from './iam-user-set.js';

export function synthRoute53Zone(ctx: KindContext): void {
  const zoneName = stringValue(ctx, 'name') ?? ctx.res.identifier;
  const zone = declare(ctx, aws.Route53Zone, ctx.name, { name: escapeTemplate(zoneName), tags: ctx.tags });
  for (const record of ctx.res.entry.records ?? []) {
    const recordName = `${ctx.name}_${record.name.replace(/[^A-Za-z0-9_-]/g, '_')}_${record.type}`;
    declare(ctx, aws.Route53Record, recordName, {
      zoneId: zone.zoneId,
      name: escapeTemplate(record.name),
      type: record.type,
      ttl: record.ttl ?? 300,
      records: escapeDeep(record.records ?? []),
    });
  }
  iamUserSet(ctx, allowPolicy(['route53:*'], [zone.arn]));
  output(ctx, 'zone_id', zone.zoneId);
  metadataOutputs(ctx);
}
