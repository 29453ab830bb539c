/**
 * msk (`populate_tf_resource_msk`, TAC):
 * - `aws_msk_configuration.<id>-<kafka_version with . as ->` (name the same,
 *   kafka_versions [version], the values' server_properties, create_before_destroy);
 * - `aws_msk_cluster.<id>` with every other value as an attribute (cluster_name
 *   defaulting to the identifier, tags) and configuration_info pointing at the
 *   configuration; number_of_broker_nodes must be a multiple of the client subnets;
 * - with logging_info.broker_logs.cloudwatch_logs.enabled: `aws_cloudwatch_log_group.<id>`
 *   (`<id>-msk-broker-logs`, the given retention_in_days, which then leaves the
 *   cluster's block); the cluster names the group by its literal name (terrascript
 *   0.9 returns the set value), so it does not depend on it;
 * - with client_authentication.sasl.scram: the entry's `users` (each a Vault secret
 *   holding exactly username and password) -> `aws_kms_key`/`aws_kms_alias.<id>`
 *   (`alias/<id>-msk-scram`), per user `aws_secretsmanager_secret`, `_version` and
 *   `_policy` `AmazonMSK_<id>-<user>` (kms-encrypted, readable by kafka.amazonaws.com),
 *   and one `aws_msk_scram_secret_association.<id>` depending on the versions;
 * - outputs zookeeper_connect_string(_tls), bootstrap_brokers(_tls, _sasl_iam, _sasl_scram).
 * No resource names a provider, in any account (the reference sets none). The legacy
 * broker_node_group_info.ebs_volume_size is translated by the merge (src/synth/merge.ts).
 *
 * A user's secret comes from SynthOptions.secrets, else the version the account's state
 * holds (kept, so the plan shows no change), else a bootstrap placeholder, else an input error.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject } from '../merge.js';
import { escapeTemplate, tfName } from '../naming.js';
import { requireSecretFields } from '../secret-source.js';
import type { SourceRef } from '../inventory.js';
import { applyValues, declare, metadataOutputs, output, priorSecretFields, type KindContext } from './context.js';
import { jsonDumps } from './iam-user-set.js';

const SCRAM_FIELDS = ['password', 'username'] as const;

export function synthMsk(ctx: KindContext): void {
  const { res } = ctx;
  const id = res.identifier;
  // The reference mutates nested values (logging_info); never the loader's objects.
  const values = structuredClone(res.values);
  if (values['region'] !== undefined)
    throw inputError(
      whereOf(ctx, 'region'),
      'msk takes no region: the reference passes it to aws_msk_cluster as an attribute, which aws provider 5.x refuses ("Unsupported argument"), and names no provider',
    );
  if (!('cluster_name' in values)) values['cluster_name'] = id;

  const brokers = values['number_of_broker_nodes'];
  const group = values['broker_node_group_info'];
  const subnets = isPlainObject(group) ? group['client_subnets'] : undefined;
  if (typeof brokers !== 'number' || !Array.isArray(subnets) || subnets.length === 0)
    throw inputError(whereOf(ctx, 'broker_node_group_info'), 'number_of_broker_nodes (a number) and broker_node_group_info.client_subnets (a non-empty list) are required');
  if (brokers % subnets.length !== 0) throw inputError(whereOf(ctx, 'number_of_broker_nodes'), 'number_of_broker_nodes must be a multiple of the number of specified client subnets.');

  const sasl = path(values, ['client_authentication', 'sasl']);
  const scram = isPlainObject(sasl) && truthy(sasl['scram']);
  const users = scram ? scramUsers(ctx) : [];

  const version = values['kafka_version'];
  if (typeof version !== 'string' || !version) throw inputError(whereOf(ctx, 'kafka_version'), 'kafka_version (a string) is required');
  if (!('server_properties' in values)) throw inputError(whereOf(ctx, 'server_properties'), 'server_properties is required (the msk configuration\'s properties)');
  const configName = `${id}-${version.replace(/\./g, '-')}`;
  const configTf = tfName(configName);
  if (!configTf) throw inputError(whereOf(ctx, 'kafka_version'), `${configName} is not usable as a Terraform resource name`);
  const config = declare(ctx, aws.MskConfiguration, configTf, { name: escapeTemplate(configName), kafkaVersions: [escapeTemplate(version)], serverProperties: '' });
  const props = values['server_properties'];
  config.addOverride('server_properties', typeof props === 'string' ? escapeTemplate(props) : props);
  config.addOverride('lifecycle', { create_before_destroy: true });
  delete values['server_properties'];

  const logs = path(values, ['logging_info', 'broker_logs', 'cloudwatch_logs']);
  let logGroupName: string | undefined;
  if (isPlainObject(logs) && truthy(logs['enabled'])) {
    if (!('retention_in_days' in logs)) throw inputError(whereOf(ctx, 'logging_info'), 'logging_info.broker_logs.cloudwatch_logs.retention_in_days is required when enabled');
    logGroupName = `${id}-msk-broker-logs`;
    const lg = declare(ctx, aws.CloudwatchLogGroup, ctx.name, {});
    lg.addOverride('name', escapeTemplate(logGroupName));
    lg.addOverride('tags', ctx.tags);
    lg.addOverride('retention_in_days', logs['retention_in_days']);
    delete logs['retention_in_days'];
    logs['log_group'] = logGroupName;
  }

  const cluster = declare(ctx, aws.MskCluster, ctx.name, {} as ConstructorParameters<typeof aws.MskCluster>[2]);
  applyValues(ctx, cluster, aws.MskCluster, values, ['configuration_info']);
  cluster.addOverride('tags', ctx.tags);
  cluster.addOverride('configuration_info', { arn: `\${aws_msk_configuration.${configTf}.arn}`, revision: `\${aws_msk_configuration.${configTf}.latest_revision}` });
  const clusterAddr = `aws_msk_cluster.${ctx.name}`;

  if (users.length) {
    const kms = declare(ctx, aws.KmsKey, ctx.name, { description: 'KMS key for MSK SCRAM credentials', tags: ctx.tags });
    declare(ctx, aws.KmsAlias, ctx.name, { name: escapeTemplate(`alias/${id}-msk-scram`), targetKeyId: `\${aws_kms_key.${ctx.name}.arn}` });
    void kms;
    const secretArns: string[] = [];
    const versions: string[] = [];
    for (const u of users) {
      const sid = `AmazonMSK_${id}-${u.name}`;
      const sidTf = tfName(sid);
      if (!sidTf) throw inputError(u.where, `user name ${JSON.stringify(u.name)} makes ${sid}, not usable as a Terraform resource name`);
      declare(ctx, aws.SecretsmanagerSecret, sidTf, { name: escapeTemplate(sid), tags: ctx.tags, kmsKeyId: `\${aws_kms_key.${ctx.name}.arn}` });
      const arn = `\${aws_secretsmanager_secret.${sidTf}.arn}`;
      const v = declare(ctx, aws.SecretsmanagerSecretVersion, sidTf, { secretId: arn });
      v.addOverride('secret_string', escapeTemplate(jsonDumps(u.fields)));
      declare(ctx, aws.SecretsmanagerSecretPolicy, sidTf, {
        secretArn: arn,
        policy: jsonDumps({
          Version: '2012-10-17',
          Statement: [{ Sid: 'AWSKafkaResourcePolicy', Effect: 'Allow', Principal: { Service: 'kafka.amazonaws.com' }, Action: 'secretsmanager:getSecretValue', Resource: arn }],
        }),
      });
      secretArns.push(arn);
      versions.push(`aws_secretsmanager_secret_version.${sidTf}`);
    }
    const assoc = declare(ctx, aws.MskScramSecretAssociation, ctx.name, { clusterArn: `\${${clusterAddr}.arn}`, secretArnList: secretArns });
    assoc.addOverride('depends_on', versions);
  }

  for (const field of ['zookeeper_connect_string', 'zookeeper_connect_string_tls', 'bootstrap_brokers', 'bootstrap_brokers_tls', 'bootstrap_brokers_sasl_iam', 'bootstrap_brokers_sasl_scram'])
    output(ctx, field, `\${${clusterAddr}.${field}}`);
  metadataOutputs(ctx);
}

interface ScramUser {
  name: string;
  fields: Record<string, string>;
  where: SourceRef;
}

/**
 * The entry's `users`, each with its secret's fields (exactly username and password,
 * as the reference requires): Vault (SynthOptions.secrets), else the state's version,
 * else a bootstrap placeholder, else an input error naming the user's secret.
 */
function scramUsers(ctx: KindContext): ScramUser[] {
  const { res } = ctx;
  const raw = (res.entry as Record<string, unknown>)['users'];
  const at = { ...res.where, path: [...res.where.path, 'users'] };
  if (!Array.isArray(raw) || raw.length === 0) throw inputError(at, 'users attribute must be given when client_authentication.sasl.scram is enabled.');
  const out: ScramUser[] = [];
  raw.forEach((u, i) => {
    const where = { ...at, path: [...at.path, i] };
    if (!isPlainObject(u) || typeof u['name'] !== 'string' || !isPlainObject(u['secret']) || typeof u['secret']['path'] !== 'string')
      throw inputError(where, 'a user needs name and secret (a Vault secret reference {path, field})');
    const name = u['name'];
    const secretWhere = { ...where, path: [...where.path, 'secret'] };
    const ref = { path: u['secret']['path'] };
    const given = ctx.options.secrets?.get(ref.path);
    let fields: Record<string, string>;
    if (given) fields = { ...given };
    else {
      // The user's secret as the reconciler last wrote it.
      const prior = priorSecretFields(ctx, `AmazonMSK_${res.identifier}-${name}`);
      if (prior) fields = prior;
      else if (ctx.options.bootstrap) fields = { password: 'bootstrap', username: name };
      else fields = requireSecretFields(ctx.options.secrets, ref, secretWhere, SCRAM_FIELDS);
    }
    const keys = Object.keys(fields).sort();
    if (keys.length !== 2 || keys[0] !== 'password' || keys[1] !== 'username')
      throw inputError({ ...secretWhere, path: [...secretWhere.path, 'path'] }, `MSK user '${name}' secret must contain only 'username' and 'password' keys! (Vault secret ${ref.path} has ${keys.join(', ') || 'none'})`);
    out.push({ name, fields, where });
  });
  return out;
}

/** `v.get(a, {}).get(b, {})...`: the value at a path of mappings, or undefined. */
function path(v: Record<string, unknown>, keys: string[]): unknown {
  let cur: unknown = v;
  for (const k of keys) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function whereOf(ctx: KindContext, key: string): SourceRef {
  const w = ctx.res.origins[key] ?? ctx.res.where;
  return w.path[w.path.length - 1] === key ? w : { ...w, path: [...w.path, key] };
}

function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}
