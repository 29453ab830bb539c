/**
 * route53-zone (`populate_tf_resource_route53_zone`, `populate_route53_records`):
 * `aws_route53_zone.<safe_resource_id(id)>` with the required `name` and tags,
 * one `aws_route53_record.<safe_resource_id("<name>.<zone name>_<TYPE>")>` per
 * record (`_2`, `_3`... for repeats; TTL 300 unless set or an alias), and the IAM
 * user set allowed Change/Create/Get/List on the hosted zone plus `route53:List*`
 * and `tag:GetResources` on `*`. Route 53 is global: the default provider.
 * Outputs: the user set's keys and the metadata (no zone_id: the reference has none).
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { declare, metadataOutputs, stringValue, type KindContext } from './context.js';
import { iamUserSet } from './iam-user-set.js';

/** `safe_resource_id` (reconcile/utils/terraform): dots -> `_`, `*` -> `_star`, a leading digit gets `_`. */
export function safeResourceId(s: string): string {
  let out = s.replace(/\./g, '_').replace(/\*/g, '_star');
  if (/^[0-9]/.test(out)) out = `_${out}`;
  return out;
}

const TF_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function synthRoute53Zone(ctx: KindContext): void {
  const { res } = ctx;
  const zoneName = stringValue(ctx, 'name');
  if (zoneName === undefined) throw inputError({ ...res.where, path: [...res.where.path, 'name'] }, 'name (the zone domain) is required for route53-zone');
  // The reference's outputs are `<identifier>-route53-zone__...` with the dots kept,
  // which terraform refuses as output names: such a zone never applies there.
  if (res.identifier.includes('.'))
    throw inputError({ ...res.where, path: [...res.where.path, 'identifier'] }, "a route53-zone identifier with dots gives output names terraform refuses (the reconciler's are <identifier>-route53-zone__...)");
  const zone = declare(ctx, aws.Route53Zone, safeResourceId(res.identifier), { name: escapeTemplate(zoneName), tags: ctx.tags });
  const counts = new Map<string, number>();
  for (const [i, record] of (res.entry.records ?? []).entries()) {
    let id = safeResourceId(`${record.name}.${zoneName}_${record.type.toUpperCase()}`);
    const n = (counts.get(id) ?? 0) + 1;
    counts.set(id, n);
    if (n > 1) id = `${id}_${n}`;
    if (!TF_NAME.test(id)) throw inputError({ ...res.where, path: [...res.where.path, 'records', i, 'name'] }, `gives the record address ${JSON.stringify(id)}, not a Terraform name`);
    const ttl = record.ttl ?? (record.alias ? undefined : 300);
    declare(ctx, aws.Route53Record, id, {
      zoneId: zone.id,
      name: escapeTemplate(record.name),
      type: record.type,
      ...(ttl !== undefined ? { ttl } : {}),
      ...(record.records ? { records: escapeDeep(record.records) } : {}),
      ...(record.alias ? { alias: { name: escapeTemplate(record.alias.name), zoneId: escapeTemplate(record.alias.zone_id), evaluateTargetHealth: record.alias.evaluate_target_health } } : {}),
      ...(record.weighted_routing_policy ? { weightedRoutingPolicy: { weight: record.weighted_routing_policy.weight } } : {}),
      ...(record.geolocation_routing_policy ? { geolocationRoutingPolicy: escapeDeep(stripNull(record.geolocation_routing_policy)) } : {}),
      ...(record.set_identifier ? { setIdentifier: escapeTemplate(record.set_identifier) } : {}),
    });
  }
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['route53:Change*', 'route53:Create*', 'route53:Get*', 'route53:List*'],
        Resource: `arn:${ctx.account.partition}:route53:::hostedzone/${zone.zoneId}`,
      },
      { Effect: 'Allow', Action: ['route53:List*'], Resource: '*' },
      { Effect: 'Allow', Action: ['tag:GetResources'], Resource: '*' },
    ],
  };
  iamUserSet(ctx, JSON.stringify(policy));
  metadataOutputs(ctx);
}

function stripNull(o: Record<string, string | null | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
