/**
 * elasticache: `aws_elasticache_replication_group.<id>` (`replication_group_id = <id>`)
 * and its parameter group, named by the group's `name` (`-<region>` appended outside
 * the account's default region), which the replication group `depends_on`
 * (reference; e.g. `aws_elasticache_parameter_group.quay-orchestrator-parameters`).
 * Outputs db_endpoint, db_port.
 *
 * The reference also generates an auth token (random) when transit encryption is
 * on; only the aws provider is available and a token in the config would be
 * printed, so none is generated: set one out of band.
 */
import { aws, type ElasticacheParameterGroup } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject } from '../merge.js';
import { escapeTemplate } from '../naming.js';
import type { ValuesFile } from '../inventory.js';
import { applyValues, declare, metadataOutputs, output, providerOf, stringValue, type KindContext } from './context.js';
import { readParameterGroup } from './parameter-group.js';

const CONSUMED = ['parameter_group', 'replication_group_id', 'parameter_group_name', 'description', 'auth_token'];

export function synthElasticache(ctx: KindContext): void {
  const { res } = ctx;
  if (res.values['auth_token'] !== undefined)
    throw inputError(res.origins['auth_token'] ?? res.where, 'a clear-text auth_token is not accepted in the inventory');
  // The group comes from the entry's parameter_group file or, as in app-interface
  // defaults, an inline `parameter_group` mapping in the values.
  let file: ValuesFile | undefined = res.parameterGroup;
  const inline = res.values['parameter_group'];
  if (!file && isPlainObject(inline))
    file = { values: inline, where: { ...(res.origins['parameter_group'] ?? res.where) } };
  let pg: ElasticacheParameterGroup | undefined;
  if (file) {
    const spec = readParameterGroup(file, `${res.identifier}-pg`, 'name');
    const suffix = ctx.region === ctx.account.defaultRegion ? '' : `-${ctx.region}`;
    pg = declare(ctx, aws.ElasticacheParameterGroup, `${spec.tfName}${suffix}`, {
      name: `${spec.name}${suffix}`,
      family: spec.family,
      description: spec.description,
      tags: ctx.tags,
      ...providerOf(ctx),
    });
    if (spec.parameters.length) pg.addOverride('parameter', spec.parameters.map(({ name, value }) => ({ name, value })));
    applyValues(ctx, pg, aws.ElasticacheParameterGroup, spec.rest, [], spec.where);
  }
  const description = stringValue(ctx, 'description');
  const group = declare(ctx, aws.ElasticacheReplicationGroup, ctx.name, {
    replicationGroupId: res.identifier,
    description: description ? escapeTemplate(description) : `elasticache for ${res.identifier}`,
    ...(pg ? { parameterGroupName: pg.name, dependsOn: [pg] } : {}),
    tags: ctx.tags,
    ...providerOf(ctx),
  });
  applyValues(ctx, group, aws.ElasticacheReplicationGroup, res.values, CONSUMED);
  output(ctx, 'db_endpoint', group.primaryEndpointAddress);
  output(ctx, 'db_port', group.port);
  metadataOutputs(ctx);
}
