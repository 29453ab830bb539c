/**
 * rosa-authenticator-vpce, as `populate_tf_resource_rosa_authenticator_vpce` (TAC)
 * writes it: fixed addresses (one such resource per account):
 * - `aws_security_group.api_gw_vpce`: name `<id>-vpce-sg`, a fixed description,
 *   `vpc_id`, the only tag `Name = ocm-<id>-api-gateway-vpce-sg`;
 * - `aws_security_group_rule.vpce_inbound` (ingress from 10.0.0.0/8) and
 *   `.vpce_outbound` (egress to 0.0.0.0/0), each with the defaults'
 *   `vpce_security_group_rule_common_properties`;
 * - `aws_vpc_endpoint.api_gw`: `vpc_id`, the group, tag `Name = <id>-vpce`, and the
 *   defaults' `vpc_endpoint_properties`;
 * - `aws_vpc_endpoint_subnet_association.api_gw_<subnet>` per `subnet_ids` entry.
 * No provider (the default one), no spec tags, only the metadata outputs.
 * Where the reference fails (no `subnet_ids`: assert; no property mapping or a key
 * given twice: TypeError) tfdoctor refuses with an input error.
 */
import { aws } from '../cdk.js';
import type { SourceRef } from '../inventory.js';
import { inputError } from '../load-inventory.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { checkAttribute, declare, metadataOutputs, type KindContext, type ResourceClass } from './context.js';

const SUBNET_NAME = /^[A-Za-z0-9_-]+$/;

function blame(ctx: KindContext, key: string): SourceRef {
  return ctx.res.origins[key] ?? { ...ctx.res.where, path: [...ctx.res.where.path, key] };
}

/**
 * A defaults mapping that the reference spreads as keyword arguments onto a resource:
 * each key must be an attribute of it and not one the reference sets itself
 * (Python refuses a keyword given twice).
 */
export function propertyMapping(ctx: KindContext, key: string, cls: ResourceClass, setByKind: readonly string[]): Record<string, unknown> {
  const where = blame(ctx, key);
  const value = ctx.res.values[key];
  if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    const inFile = ctx.res.entry.defaults ? ` in the defaults file ${ctx.res.entry.defaults}` : ' (the defaults file)';
    throw inputError(where, `${key}${inFile} must be a mapping of ${cls.tfResourceType} attributes (the reconciler spreads it onto the resource)`);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = { file: where.file, path: [...where.path, k] };
    if (setByKind.includes(k)) throw inputError(at, `${k} is set by the kind itself on ${cls.tfResourceType}; it cannot be given here`);
    checkAttribute(ctx, cls, k, at);
    if (v !== null && v !== undefined) out[k] = escapeDeep(v);
  }
  return out;
}

export function synthRosaAuthenticatorVpce(ctx: KindContext): void {
  const { res } = ctx;
  const id = res.identifier;
  const vpcId = res.values['vpc_id'];
  if (typeof vpcId !== 'string' || !vpcId) throw inputError(blame(ctx, 'vpc_id'), 'vpc_id (a VPC id) is required for rosa-authenticator-vpce');
  const subnets = res.values['subnet_ids'];
  if (!Array.isArray(subnets) || subnets.some((s) => typeof s !== 'string' || !SUBNET_NAME.test(s)))
    throw inputError(blame(ctx, 'subnet_ids'), 'subnet_ids must be a list of subnet ids (letters, digits, _ -)');
  const ruleProps = propertyMapping(ctx, 'vpce_security_group_rule_common_properties', aws.SecurityGroupRule, ['type', 'security_group_id', 'cidr_blocks']);
  const endpointProps = propertyMapping(ctx, 'vpc_endpoint_properties', aws.VpcEndpoint, ['vpc_id', 'security_group_ids', 'tags']);

  const vpc = escapeTemplate(vpcId);
  declare(ctx, aws.SecurityGroup, 'api_gw_vpce', {
    name: escapeTemplate(`${id}-vpce-sg`),
    description: 'Control access to the API Gateway VPC endpoint',
    vpcId: vpc,
    tags: { Name: escapeTemplate(`ocm-${id}-api-gateway-vpce-sg`) },
  });
  const group = '${aws_security_group.api_gw_vpce.id}';
  for (const [name, type, cidr] of [
    ['vpce_inbound', 'ingress', '10.0.0.0/8'],
    ['vpce_outbound', 'egress', '0.0.0.0/0'],
  ] as const) {
    const rule = declare(ctx, aws.SecurityGroupRule, name, { type, securityGroupId: group, cidrBlocks: [cidr] } as never);
    for (const [k, v] of Object.entries(ruleProps)) rule.addOverride(k, v);
  }
  const endpoint = declare(ctx, aws.VpcEndpoint, 'api_gw', { vpcId: vpc, securityGroupIds: [group], tags: { Name: escapeTemplate(`${id}-vpce`) } } as never);
  for (const [k, v] of Object.entries(endpointProps)) endpoint.addOverride(k, v);
  for (const sid of subnets as string[])
    declare(ctx, aws.VpcEndpointSubnetAssociation, `api_gw_${sid}`, { vpcEndpointId: '${aws_vpc_endpoint.api_gw.id}', subnetId: sid });
  metadataOutputs(ctx);
}
