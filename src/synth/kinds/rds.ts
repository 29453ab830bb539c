/**
 * rds, as the reference's `populate_tf_resource_rds` (TAC) writes it:
 * `aws_db_instance.<id>` with every merged value the kind does not read itself,
 * its parameter group(s), the optional enhanced-monitoring role + attachment,
 * and the outputs db_host, db_port, db_name, db_user (sensitive), db_password
 * (sensitive) and reset_password.
 *
 * The password is always in the config, as the reference has it: the current one
 * (the account's state, so the plan shows no change) or, for an instance the
 * state doesn't have, a new random one. The config is written only to the
 * private working dir terraform reads; no report or log carries it.
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import type { ValuesFile } from '../inventory.js';
import { isPlainObject, type Values } from '../merge.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { generateSecret } from '../prior-state.js';
import { applyValues, declare, metadataOutputs, output, type KindContext } from './context.js';
import { jsonDumps } from './iam-user-set.js';
import { readParameterGroup } from './parameter-group.js';

/** Keys the kind reads itself (popped by the reference before the instance is built). */
const CONSUMED = [
  'parameter_group',
  'old_parameter_group',
  'enhanced_monitoring',
  'output_resource_db_name',
  'reset_password',
  'kms_key_id',
  'ca_cert',
  'password',
  'monitoring_interval',
  'monitoring_role_arn',
  'apply_immediately',
  'availability_zone',
  'parameter_group_name',
  'depends_on',
  'provider',
];

/** A new secret: the injected generator, else the reference's shape (generate_random_password: 20 letters and digits) from a CSPRNG. */
export function newSecret(ctx: KindContext): string {
  return ctx.options.generatePassword?.() ?? generateSecret();
}

/**
 * A secret the reference keeps across runs: it reads it from the current
 * Secret, i.e. the `<prefix>__<field>` output of the last apply; the resource's
 * own attribute in the state is the same value and serves when the output is gone.
 */
export function currentSecret(ctx: KindContext, field: string, address: string, attribute: string): string | undefined {
  const prior = ctx.options.priorState;
  if (!prior) return undefined;
  const fromOutput = prior.output(`${ctx.prefix}__${field}`);
  if (typeof fromOutput === 'string' && fromOutput !== '') return fromOutput;
  const fromState = prior.attributes(address)?.[attribute];
  return typeof fromState === 'string' && fromState !== '' ? fromState : undefined;
}

/** The reference's `validate_db_name`. */
const DB_NAME = /^[a-zA-Z][a-zA-Z0-9_]+$/;

/** verify_rds_best_practices (reconcile/utils/cloud_resource_best_practice/aws_rds.py): loss impact -> required values. */
const LOSS_IMPACT: Record<string, [string, unknown, 'eq' | 'ge'][]> = {
  high: [
    ['delete_automated_backups', false, 'eq'],
    ['skip_final_snapshot', false, 'eq'],
    ['backup_retention_period', 7, 'ge'],
  ],
  medium: [
    ['skip_final_snapshot', false, 'eq'],
    ['backup_retention_period', 7, 'ge'],
  ],
  low: [['backup_retention_period', 3, 'ge']],
  none: [['backup_retention_period', 0, 'ge']],
};

export function synthRds(ctx: KindContext): void {
  const { res, account } = ctx;
  const values: Values = { ...res.values };
  const at = (key: string) => res.origins[key] ?? { ...res.where, path: [...res.where.path, key] };
  const str = (key: string): string | undefined => {
    const v = values[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw inputError(at(key), `${key} must be a string`);
    return String(v);
  };

  for (const key of ['replica_source', 'replicate_source_db', 'event_notifications'])
    if (values[key] !== undefined && values[key] !== null)
      throw inputError(at(key), `${key} is not supported by tfdoctor yet (read replicas and RDS event subscriptions)`);

  const dbName = str('name') ?? str('db_name') ?? '';
  if (dbName && !(dbName.length < 64 && DB_NAME.test(dbName)))
    throw inputError(
      at(values['db_name'] !== undefined ? 'db_name' : 'name'),
      `RDS name must contain 1 to 63 letters, numbers, or underscores and begin with a letter: ${JSON.stringify(dbName)}`,
    );

  // With multi_az the availability zone cannot be given (the reference drops it).
  const az = values['multi_az'] ? undefined : str('availability_zone');
  // Only a multi-region account names a provider, and only for an explicit region or zone.
  let provider: string | undefined;
  if (account.regions.length) {
    const azRegion = az && az.length > 1 ? az.slice(0, -1) : undefined;
    const region = res.values['region'] !== undefined ? ctx.region : undefined;
    if (azRegion && region && azRegion !== region) throw inputError(at('availability_zone'), 'region does not match availability zone');
    const chosen = azRegion ?? region;
    if (chosen) {
      if (chosen !== account.defaultRegion && !account.regions.includes(chosen))
        throw inputError(at('availability_zone'), `region ${chosen} has no provider in this account (supportedDeploymentRegions: ${account.regions.join(', ')})`);
      provider = `aws.${chosen}`;
    }
  }

  const deps: string[] = [];
  let pgName: string | undefined;
  if (res.parameterGroup) {
    const pg = parameterGroup(ctx, res.parameterGroup, provider);
    deps.push(`aws_db_parameter_group.${pg.tfName}`);
    pgName = pg.name;
  }
  if (res.oldParameterGroup) {
    const where = res.origins['old_parameter_group'] ?? at('old_parameter_group');
    if (!res.parameterGroup)
      throw inputError(where, 'old_parameter_group needs parameter_group: it only keeps the previous group during a major version upgrade');
    const old = parameterGroup(ctx, res.oldParameterGroup, provider);
    if (old.name === pgName) throw inputError(where, 'old_parameter_group must have a name different from parameter_group\'s (add a unique `name` to one of the files)');
  }

  const enhanced = values['enhanced_monitoring'];
  let monitoringRoleArn: string | undefined;
  if (enhanced) {
    const em = `${res.identifier}-enhanced-monitoring`;
    const emTf = `${ctx.name}-enhanced-monitoring`;
    // Keys sorted and spaced as the reference's json_dumps writes them; no tags (the reference sets none).
    declare(ctx, aws.IamRole, emTf, {
      name: escapeTemplate(em),
      assumeRolePolicy: jsonDumps({
        Version: '2012-10-17',
        Statement: [{ Action: 'sts:AssumeRole', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Effect: 'Allow' }],
      }),
    });
    declare(ctx, aws.IamRolePolicyAttachment, emTf, {
      role: escapeTemplate(em),
      policyArn: `arn:${account.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole`,
    }).addOverride('depends_on', [`aws_iam_role.${emTf}`]);
    deps.push(`aws_iam_role.${emTf}`, `aws_iam_role_policy_attachment.${emTf}`);
    monitoringRoleArn = `\${aws_iam_role.${emTf}.arn}`;
  }

  const kmsKeyId = str('kms_key_id');
  let kmsArn: string | undefined;
  if (kmsKeyId !== undefined) {
    if (kmsKeyId.startsWith('arn:')) kmsArn = escapeTemplate(kmsKeyId);
    else {
      const key = ctx.accountResources?.find((r) => r.kind === 'kms' && r.identifier === kmsKeyId);
      if (!key) throw inputError(at('kms_key_id'), `failed to find kms key ${JSON.stringify(kmsKeyId)} among this account's kms resources`);
      kmsArn = `\${aws_kms_key.${key.identifier}.arn}`;
      deps.push(`aws_kms_key.${key.identifier}`);
    }
  }

  // The password: reset when reset_password changes, else the current one, else new.
  const resetWanted = str('reset_password');
  const resetSeen = ctx.options.priorState?.output(`${ctx.prefix}__reset_password`);
  const kept = currentSecret(ctx, 'db_password', `aws_db_instance.${ctx.name}`, 'password');
  const password = resetWanted !== (typeof resetSeen === 'string' ? resetSeen : undefined) ? newSecret(ctx) : (kept ?? newSecret(ctx));

  const username = str('username');
  if (username === undefined) throw inputError(at('username'), 'username is required for rds (the reference outputs it as db.user)');

  // instance_class comes with the values (a config without it fails in terraform, as the reference's does).
  const db = declare(ctx, aws.DbInstance, ctx.name, { identifier: escapeTemplate(res.identifier) } as ConstructorParameters<typeof aws.DbInstance>[2]);
  applyValues(ctx, db, aws.DbInstance, values, CONSUMED);
  db.addOverride('tags', ctx.tags);
  if (az !== undefined) db.addOverride('availability_zone', escapeTemplate(az));
  if (!values['apply_immediately']) db.addOverride('apply_immediately', false);
  else db.addOverride('apply_immediately', escapeDeep(values['apply_immediately']));
  if (pgName !== undefined) db.addOverride('parameter_group_name', pgName);
  else if (values['parameter_group_name'] !== undefined) db.addOverride('parameter_group_name', escapeDeep(values['parameter_group_name']));
  if (enhanced) {
    db.addOverride('monitoring_interval', escapeDeep(values['monitoring_interval'] ?? 60));
    db.addOverride('monitoring_role_arn', monitoringRoleArn);
  } else if (values['monitoring_interval'] !== undefined && values['monitoring_interval'] !== null && !values['monitoring_interval']) {
    // A falsy interval is kept as the reference keeps it; a truthy one without enhanced monitoring is dropped.
    db.addOverride('monitoring_interval', values['monitoring_interval']);
  }
  if (kmsArn !== undefined) db.addOverride('kms_key_id', kmsArn);
  db.addOverride('password', escapeTemplate(password));
  if (provider) db.addOverride('provider', provider);
  if (deps.length) db.addOverride('depends_on', deps);
  checkBestPractices(ctx, values);

  const caCert = values['ca_cert'];
  output(ctx, 'db_host', `\${aws_db_instance.${ctx.name}.address}`);
  output(ctx, 'db_port', `\${aws_db_instance.${ctx.name}.port}`);
  output(ctx, 'db_name', escapeTemplate(str('output_resource_db_name') ?? dbName));
  output(ctx, 'db_user', escapeTemplate(username), true);
  output(ctx, 'db_password', escapeTemplate(password), true);
  if (resetWanted) output(ctx, 'reset_password', escapeTemplate(resetWanted));
  if (caCert !== undefined && caCert !== null) output(ctx, 'db_ca_cert', escapeTemplate(vaultField(ctx, caCert)), true);
  metadataOutputs(ctx);
}

/** A `{path, field}` Vault reference read from the secrets synthesis was given. */
function vaultField(ctx: KindContext, ref: unknown): string {
  const where = ctx.res.origins['ca_cert'] ?? ctx.res.where;
  if (!isPlainObject(ref) || typeof ref['path'] !== 'string' || typeof ref['field'] !== 'string')
    throw inputError(where, 'ca_cert must be a Vault reference {path, field}');
  const value = ctx.options.secrets?.get(ref['path'])?.[ref['field']];
  if (value === undefined) throw inputError(where, `Vault secret ${ref['path']} (field ${ref['field']}) was not provided to synthesis`);
  return value;
}

function checkBestPractices(ctx: KindContext, values: Values): void {
  const dc = (ctx.res.entry as Record<string, unknown>)['data_classification'];
  if (!isPlainObject(dc)) return;
  const checks = LOSS_IMPACT[String(dc['loss_impact'])];
  if (!checks) throw inputError({ ...ctx.res.where, path: [...ctx.res.where.path, 'data_classification', 'loss_impact'] }, 'must be high, medium, low or none');
  const failed = checks.filter(([key, want, op]) => {
    const got = values[key];
    return op === 'eq' ? got !== want : !(typeof got === 'number' && got >= (want as number));
  });
  if (failed.length)
    throw inputError(
      { ...ctx.res.where, path: [...ctx.res.where.path, 'data_classification'] },
      `AWS RDS instance ${ctx.res.identifier} does not comply with best practices: ${failed.map(([k, w, op]) => `${k} ${op === 'eq' ? '=' : '>='} ${String(w)} (found ${JSON.stringify(values[k])})`).join('; ')}`,
    );
}

/** populate_parameter_group: every key of the file passes (no tags, no description added); `parameters` -> `parameter`. */
function parameterGroup(ctx: KindContext, file: ValuesFile, provider: string | undefined): { tfName: string; name: string } {
  const spec = readParameterGroup(file, `${ctx.res.identifier}-pg`, 'identifier');
  for (const [i, p] of spec.parameters.entries())
    if (p.name === 'rds.logical_replication' && p.apply_method !== 'pending-reboot')
      throw inputError(
        { file: file.where.file, path: [...file.where.path, 'parameters', i, 'apply_method'] },
        `${spec.name}: rds.logical_replication must have apply_method 'pending-reboot'`,
      );
  const pg = declare(ctx, aws.DbParameterGroup, spec.tfName, { name: spec.name, family: spec.family });
  if (spec.description !== undefined) pg.addOverride('description', spec.description);
  pg.addOverride('parameter', spec.parameters);
  applyValues(ctx, pg, aws.DbParameterGroup, spec.rest, [], spec.where);
  if (spec.tags !== undefined) pg.addOverride('tags', spec.tags);
  if (provider) pg.addOverride('provider', provider);
  return { tfName: spec.tfName, name: spec.name };
}
