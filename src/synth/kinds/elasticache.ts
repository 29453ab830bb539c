/**
 * elasticache, as the reference's `populate_tf_resource_elasticache` (TAC) writes
 * it: `aws_elasticache_replication_group.<id>` with every merged value
 * (`replication_group_id` defaulting to the identifier, `apply_immediately`
 * false unless set) and its parameter group, passed through from the file (no
 * tags or description of its own), whose Terraform name gets `-<region>`
 * outside the account's default region (the AWS name does not), and which the
 * replication group `depends_on`.
 *
 * With `transit_encryption_enabled` the group gets an `auth_token`: the current
 * one (the last `db_auth_token` output or the state), else a new random one, and
 * the sensitive output `db_auth_token`. `db_endpoint` is the configuration
 * endpoint when the group has `cluster-enabled = yes`, else the primary one.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject } from '../merge.js';
import { escapeTemplate } from '../naming.js';
import type { ValuesFile } from '../inventory.js';
import { applyValues, declare, metadataOutputs, output, type KindContext } from './context.js';
import { readParameterGroup } from './parameter-group.js';
import { currentSecret, newSecret } from './rds.js';

const CONSUMED = ['parameter_group', 'parameter_group_name', 'replication_group_id', 'apply_immediately', 'auth_token', 'depends_on', 'provider'];

export function synthElasticache(ctx: KindContext): void {
  const { res } = ctx;
  const values = res.values;
  if (values['auth_token'] !== undefined)
    throw inputError(res.origins['auth_token'] ?? res.where, 'a clear-text auth_token is not accepted in the inventory (the reference sets it itself)');
  const provider = ctx.account.regions.length ? `aws.${ctx.region}` : undefined;
  // The group comes from the entry's parameter_group file or, as some app-interface
  // defaults have it, an inline `parameter_group` mapping in the values.
  let file: ValuesFile | undefined = res.parameterGroup;
  const inline = values['parameter_group'];
  if (!file && isPlainObject(inline)) file = { values: inline, where: { ...(res.origins['parameter_group'] ?? res.where) } };
  let clusterEnabled = false;
  let pgName: string | undefined;
  let pgAddr: string | undefined;
  if (file) {
    const spec = readParameterGroup(file, undefined, 'name');
    const suffix = ctx.region === ctx.account.defaultRegion ? '' : `-${ctx.region}`;
    const pg = declare(ctx, aws.ElasticacheParameterGroup, `${spec.tfName}${suffix}`, { name: spec.name, family: spec.family });
    if (spec.description !== undefined) pg.addOverride('description', spec.description);
    pg.addOverride('parameter', spec.parameters);
    applyValues(ctx, pg, aws.ElasticacheParameterGroup, spec.rest, [], spec.where);
    if (spec.tags !== undefined) pg.addOverride('tags', spec.tags);
    if (provider) pg.addOverride('provider', provider);
    clusterEnabled = spec.parameters.some((p) => p.name === 'cluster-enabled' && p.value === 'yes');
    pgName = spec.name;
    pgAddr = `aws_elasticache_parameter_group.${spec.tfName}${suffix}`;
  }
  const rgId = values['replication_group_id'];
  const group = declare(ctx, aws.ElasticacheReplicationGroup, ctx.name, {
    replicationGroupId: escapeTemplate(typeof rgId === 'string' && rgId ? rgId : res.identifier),
    description: '',
    tags: ctx.tags,
  });
  // The reference sets no description of its own: without one in the values the provider refuses the config, as it does the reference's.
  group.addOverride('description', undefined);
  applyValues(ctx, group, aws.ElasticacheReplicationGroup, values, CONSUMED);
  group.addOverride('apply_immediately', values['apply_immediately'] ? values['apply_immediately'] : false);
  if (pgName !== undefined && pgAddr !== undefined) {
    group.addOverride('parameter_group_name', pgName);
    group.addOverride('depends_on', [pgAddr]);
  } else if (values['parameter_group_name'] !== undefined) group.addOverride('parameter_group_name', escapeTemplate(String(values['parameter_group_name'])));
  if (provider) group.addOverride('provider', provider);
  const transit = values['transit_encryption_enabled'];
  let token: string | undefined;
  if (transit) {
    token = currentSecret(ctx, 'db_auth_token', `aws_elasticache_replication_group.${ctx.name}`, 'auth_token') ?? newSecret(ctx);
    group.addOverride('auth_token', escapeTemplate(token));
  }
  const endpoint = clusterEnabled ? 'configuration_endpoint_address' : 'primary_endpoint_address';
  output(ctx, 'db_endpoint', `\${aws_elasticache_replication_group.${ctx.name}.${endpoint}}`);
  output(ctx, 'db_port', `\${aws_elasticache_replication_group.${ctx.name}.port}`);
  if (token !== undefined) output(ctx, 'db_auth_token', escapeTemplate(token), true);
  metadataOutputs(ctx);
}
