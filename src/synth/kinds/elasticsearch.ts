/**
 * elasticsearch (`populate_tf_resource_elasticsearch` and its helpers, TAC). The
 * reference has one spelling, `elasticsearch` (no `opensearch` provider; the
 * OpenSearch names are only in the log group names), and writes:
 * - `aws_elasticsearch_domain.<id>` (the id must be 3-28 chars of [a-z0-9-],
 *   starting with a letter) with the reference's defaults for ebs_options,
 *   encrypt_at_rest, node_to_node_encryption, domain_endpoint_options,
 *   cluster_config (dedicated masters, zone awareness, warm, cold storage),
 *   snapshot_options, vpc_options (subnet count checked against the zones),
 *   an allow-all access policy, depends_on the service-linked role (and the
 *   account's log resource policy); provider only in a multi-region account;
 * - per `publish_log_types` entry an `aws_cloudwatch_log_group` named
 *   `OpenSearchService/<id>/<type>` (90 days) and its enabled publishing option;
 *   the other types get a disabled option with an empty arn;
 * - one account-wide `aws_cloudwatch_log_resource_policy.es_log_publishing_resource_policy`
 *   over every domain's log groups, and one `aws_iam_service_linked_role.elasticsearch`
 *   (the reference adds both again per domain; same address, same value);
 * - `auth.admin_user_arn` -> master_user_options (then emptied, see below), or
 *   `auth.admin_user_credentials` (a Vault secret with master_user_name and
 *   master_user_password, the password checked as the reference checks it) ->
 *   the internal user database, plus `aws_secretsmanager_secret(_version)` and
 *   `aws_iam_policy` `qrtf-es-<id>` and the master user outputs (sensitive).
 *   The deprecated `advanced_security_options.master_user_options.master_user_secret`
 *   is read the same way.
 *
 * The Vault secret comes from SynthOptions.secrets; without it the master user the
 * account's state already holds (the secret version `qrtf-es-<id>`) is kept, as
 * secrets-manager does; in a bootstrap synth a placeholder; else an input error.
 * Secret values go only into the config terraform reads (redactSecrets hides them
 * from `tfdoctor synth`'s stdout).
 */
import { aws } from '../cdk.js';
import { inputError } from '../load-inventory.js';
import { isPlainObject } from '../merge.js';
import { escapeDeep, escapeTemplate } from '../naming.js';
import { requireSecretFields } from '../secret-source.js';
import type { SourceRef } from '../inventory.js';
import { declare, metadataOutputs, output, priorSecretFields, type KindContext } from './context.js';
import { jsonDumps } from './iam-user-set.js';

/** ElasticSearchLogGroupType (TAC), in the enum's order (the publishing options follow it). */
export const ES_LOG_TYPES = ['INDEX_SLOW_LOGS', 'SEARCH_SLOW_LOGS', 'ES_APPLICATION_LOGS'] as const;

const LOG_POLICY_NAME = 'es_log_publishing_resource_policy';
const SERVICE_ROLE_NAME = 'elasticsearch';
const MASTER_USER_FIELDS = ['master_user_name', 'master_user_password'] as const;

/** `is_elasticsearch_domain_name_valid` (TAC). */
export function isDomainNameValid(name: string): boolean {
  return name.length >= 3 && name.length <= 28 && /^[a-z][a-z0-9-]+$/.test(name);
}

/** `elasticsearch_log_group_identifier` (TAC). */
export function logGroupName(domain: string, logType: string): string {
  return `OpenSearchService/${domain}/${logType.toLowerCase()}`;
}

/**
 * The PasswordValidator the reference runs on the admin password (at least 8
 * characters, an upper and a lower case ASCII letter, a digit, a non-alphanumeric).
 * Returns the reference's complaints, never the password.
 */
export function passwordProblems(password: string): string[] {
  const problems: string[] = [];
  if ([...password].length < 8) problems.push('Your password does not have at least 8 characters.');
  if (!/[A-Z]/.test(password)) problems.push('Your password does not have at least one upper case character.');
  if (!/[a-z]/.test(password)) problems.push('Your password does not have at least one lower case character.');
  if (!/[0-9]/.test(password)) problems.push('Your password does not have at least one digit.');
  // Python's str.isalnum is Unicode-aware: a letter or digit of any script is alphanumeric.
  if (![...password].some((c) => !/[\p{L}\p{N}]/u.test(c))) problems.push('Your password does not have at least one special character (non-alphanumeric).');
  return problems;
}

export function synthElasticsearch(ctx: KindContext): void {
  const { res } = ctx;
  const v = res.values;
  const id = res.identifier;
  if (!isDomainNameValid(id))
    throw inputError(
      { ...res.where, path: [...res.where.path, 'identifier'] },
      `[${ctx.account.name}] ElasticSearch domain name must start with a lowercase letter and must be between 3 and 28 characters. Valid characters are a-z (lowercase only), 0-9, and - (hyphen). ${id}`,
    );
  const provider = ctx.account.regions.length ? `aws.${ctx.region}` : undefined;
  const domainAddr = `aws_elasticsearch_domain.${ctx.name}`;
  const config: Record<string, unknown> = { domain_name: id, tags: ctx.tags };
  set(config, 'elasticsearch_version', v['elasticsearch_version']);

  // Log groups and publishing options (_get_tf_resource_elasticsearch_log_groups).
  const logTypes = publishLogTypes(ctx, res.entry, res.where);
  const publishing: Record<string, unknown>[] = [];
  for (const type of ES_LOG_TYPES) {
    if (!logTypes.includes(type)) {
      publishing.push({ log_type: type, enabled: false, cloudwatch_log_group_arn: '' });
      continue;
    }
    const name = logGroupName(id, type);
    const tfName = name.replace(/\//g, '-');
    const lg = declare(ctx, aws.CloudwatchLogGroup, tfName, {});
    lg.addOverride('name', name);
    lg.addOverride('tags', ctx.tags);
    lg.addOverride('retention_in_days', 90);
    if (provider) lg.addOverride('provider', provider);
    const arn = `\${aws_cloudwatch_log_group.${tfName}.arn}`;
    output(ctx, `cloudwatch_log_group_${type.toLowerCase()}_arn`, arn);
    output(ctx, `cloudwatch_log_group_${type.toLowerCase()}_name`, name);
    publishing.push({ log_type: type, enabled: true, cloudwatch_log_group_arn: arn });
  }
  const logPolicy = accountLogPolicy(ctx);
  config['log_publishing_options'] = publishing;

  const ebs = objectValue(ctx, 'ebs_options');
  const ebsValues: Record<string, unknown> = {};
  if (Object.keys(ebs).length) {
    const enabled = 'ebs_enabled' in ebs ? ebs['ebs_enabled'] : true;
    ebsValues['ebs_enabled'] = enabled;
    if (truthy(enabled)) {
      const size = ebs['volume_size'];
      if (size === undefined || size === null) throw inputError(whereOf(ctx, 'ebs_options'), `volume_size is required for enable ebs storgae on  Elasticsearch ${id}`);
      ebsValues['volume_size'] = size;
      ebsValues['volume_type'] = 'volume_type' in ebs ? ebs['volume_type'] : 'gp2';
      ebsValues['iops'] = 'iops' in ebs ? ebs['iops'] : 0;
    }
  }
  // An entry without ebs_options gets `ebs_options: {}` (the reference writes the empty block; terraform then wants ebs_enabled).
  config['ebs_options'] = ebsValues;
  config['encrypt_at_rest'] = { enabled: getOr(objectValue(ctx, 'encrypt_at_rest'), 'enabled', true) };
  config['node_to_node_encryption'] = { enabled: getOr(objectValue(ctx, 'node_to_node_encryption'), 'enabled', true) };
  const endpoint = objectValue(ctx, 'domain_endpoint_options');
  config['domain_endpoint_options'] = {
    enforce_https: getOr(endpoint, 'enforce_https', true),
    tls_security_policy: getOr(endpoint, 'tls_security_policy', 'Policy-Min-TLS-1-0-2019-07'),
  };

  const cc = objectValue(ctx, 'cluster_config');
  const masterEnabled = getOr(cc, 'dedicated_master_enabled', true);
  const zoneAware = getOr(cc, 'zone_awareness_enabled', true);
  const cluster: Record<string, unknown> = {
    instance_type: getOr(cc, 'instance_type', 't2.small.elasticsearch'),
    instance_count: getOr(cc, 'instance_count', 3),
    zone_awareness_enabled: zoneAware,
  };
  if (truthy(masterEnabled)) {
    cluster['dedicated_master_enabled'] = masterEnabled;
    cluster['dedicated_master_type'] = getOr(cc, 'dedicated_master_type', 't2.small.elasticsearch');
    cluster['dedicated_master_count'] = getOr(cc, 'dedicated_master_count', 3);
  }
  let zoneCount: unknown;
  if (truthy(zoneAware)) {
    const zac = cc['zone_awareness_config'];
    zoneCount = getOr(isPlainObject(zac) ? zac : {}, 'availability_zone_count', 3);
    cluster['zone_awareness_config'] = { availability_zone_count: zoneCount };
  }
  const warm = getOr(cc, 'warm_enabled', false);
  if (truthy(warm)) {
    cluster['warm_enabled'] = warm;
    cluster['warm_type'] = getOr(cc, 'warm_type', 'ultrawarm1.medium.elasticsearch');
    cluster['warm_count'] = getOr(cc, 'warm_count', 2);
  }
  const cold = isPlainObject(cc['cold_storage_options']) ? cc['cold_storage_options'] : {};
  if (truthy(cold['enabled'])) {
    const where = whereOf(ctx, 'cluster_config');
    if (!truthy(masterEnabled)) throw inputError(where, `[${ctx.account.name}] Cold storage can only be enabled when dedicated_master_enabled is set to true for resource ${id}`);
    if (!truthy(warm)) throw inputError(where, `[${ctx.account.name}] Cold storage can only be enabled when warm_enabled is set to true for resource ${id}`);
    cluster['cold_storage_options'] = { enabled: true };
  }
  config['cluster_config'] = cluster;
  config['snapshot_options'] = { automated_snapshot_start_hour: getOr(objectValue(ctx, 'snapshot_options'), 'automated_snapshot_start_hour', 23) };

  const vpc = objectValue(ctx, 'vpc_options');
  const subnets = vpc['subnet_ids'];
  const vpcWhere = whereOf(ctx, 'vpc_options');
  if (subnets === undefined || subnets === null) throw inputError(vpcWhere, `[${ctx.account.name}] No subnet ids provided for Elasticsearch resource ${id}`);
  if (!Array.isArray(subnets)) throw inputError(vpcWhere, 'vpc_options.subnet_ids must be a list of subnet ids');
  if (!truthy(zoneAware) && subnets.length > 1)
    throw inputError(vpcWhere, `[${ctx.account.name}] Multiple subnet ids are provided but  zone_awareness_enabled is set to false for resource ${id}`);
  if (truthy(zoneAware) && zoneCount !== subnets.length)
    throw inputError(vpcWhere, `[${ctx.account.name}] Subnet ids count does not match  availability_zone_count for resource ${id}`);
  const vpcOptions: Record<string, unknown> = { subnet_ids: subnets };
  if (vpc['security_group_ids'] !== undefined && vpc['security_group_ids'] !== null) vpcOptions['security_group_ids'] = vpc['security_group_ids'];
  config['vpc_options'] = vpcOptions;
  if (v['advanced_options'] !== undefined && v['advanced_options'] !== null) config['advanced_options'] = v['advanced_options'];

  serviceLinkedRole(ctx);
  config['depends_on'] = [`aws_iam_service_linked_role.${SERVICE_ROLE_NAME}`, ...(logPolicy ? [logPolicy] : [])];
  config['access_policies'] = jsonDumps({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'es:*', Resource: '*' }] });
  if (provider) config['provider'] = provider;

  const security = advancedSecurity(ctx);
  if (security) {
    const allFields = security.masterUser;
    // Only the two fields the block takes reach master_user_options: an admin_user_arn is dropped
    // here too (the reference's filter), leaving an empty master_user_options.
    const options = Object.fromEntries(Object.entries(allFields).filter(([k]) => (MASTER_USER_FIELDS as readonly string[]).includes(k)));
    config['advanced_security_options'] = { ...security.block, master_user_options: options };
    if (truthy(security.block['internal_user_database_enabled'])) masterUserSecret(ctx, allFields, provider);
  }

  // Everything but the secret is inventory text: escaped; the secret fields are escaped where they are read.
  const domain = declare(ctx, aws.ElasticsearchDomain, ctx.name, { domainName: escapeTemplate(id) });
  for (const [k, val] of Object.entries(config)) {
    if (k === 'advanced_security_options' || k === 'depends_on' || k === 'provider' || k === 'log_publishing_options' || k === 'tags') domain.addOverride(k, val);
    else domain.addOverride(k, escapeDeep(val));
  }

  output(ctx, 'arn', `\${${domainAddr}.arn}`);
  output(ctx, 'domain_id', `\${${domainAddr}.domain_id}`);
  // terrascript 0.9: `res.domain_name` is the literal value, as it is set.
  output(ctx, 'domain_name', escapeTemplate(id));
  output(ctx, 'endpoint', `https://\${${domainAddr}.endpoint}`);
  output(ctx, 'kibana_endpoint', `https://\${${domainAddr}.kibana_endpoint}`);
  output(ctx, 'vpc_id', `\${${domainAddr}.vpc_options.0.vpc_id}`);
  metadataOutputs(ctx);
}

/** `resource["publish_log_types"] or []`, each one of ElasticSearchLogGroupType (else the reference's ValueError). */
function publishLogTypes(ctx: KindContext, entry: Record<string, unknown>, where: SourceRef): string[] {
  const raw = entry['publish_log_types'];
  if (raw === undefined || raw === null) return [];
  const at = { ...where, path: [...where.path, 'publish_log_types'] };
  if (!Array.isArray(raw)) throw inputError(at, `publish_log_types must be a list of ${ES_LOG_TYPES.join(', ')}`);
  raw.forEach((t, i) => {
    if (!(ES_LOG_TYPES as readonly unknown[]).includes(t)) throw inputError({ ...at, path: [...at.path, i] }, `${JSON.stringify(t)} is not a valid ElasticSearchLogGroupType (${ES_LOG_TYPES.join(', ')})`);
  });
  return raw as string[];
}

/**
 * `_get_elasticsearch_account_wide_resource_policy`: one policy over the log groups
 * of every elasticsearch domain of the account (region: the domain's or the
 * account's default; partition `aws` as the reference writes it). Declared by the
 * first domain; returns its address, or undefined when the account publishes no logs.
 */
function accountLogPolicy(ctx: KindContext): string | undefined {
  const address = `aws_cloudwatch_log_resource_policy.${LOG_POLICY_NAME}`;
  const arns: string[] = [];
  for (const r of ctx.accountResources ?? []) {
    if (r.kind !== 'elasticsearch') continue;
    // `res.get("region")`: the entry's region (a region only in the defaults file is not seen here, as in the reference).
    const region = typeof r.entry.region === 'string' && r.entry.region ? r.entry.region : ctx.account.defaultRegion;
    for (const type of publishLogTypes(ctx, r.entry, r.where)) arns.push(`arn:aws:logs:${region}:${ctx.account.uid}:log-group:${logGroupName(r.identifier, type)}:*`);
  }
  if (!arns.length) return undefined;
  if (!ctx.addresses.has(address)) {
    const policy = jsonDumps({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'es.amazonaws.com' }, Action: ['logs:PutLogEvents', 'logs:CreateLogStream'], Resource: arns }],
    });
    declare(ctx, aws.CloudwatchLogResourcePolicy, LOG_POLICY_NAME, { policyName: 'es-log-publishing-permissions', policyDocument: escapeTemplate(policy) });
  }
  return address;
}

/** `get_elasticsearch_service_role_tf_resource`: one per account, no provider, untagged. */
function serviceLinkedRole(ctx: KindContext): void {
  if (ctx.addresses.has(`aws_iam_service_linked_role.${SERVICE_ROLE_NAME}`)) return;
  declare(ctx, aws.IamServiceLinkedRole, SERVICE_ROLE_NAME, { awsServiceName: 'es.amazonaws.com' });
}

interface Security {
  /** advanced_security_options without master_user_options. */
  block: Record<string, unknown>;
  /** Every field of the master user as read (the secret's, with optional extras), or `{master_user_arn}`. Escaped. */
  masterUser: Record<string, string>;
}

/** `auth` (`_build_es_advanced_security_options`) or the deprecated `advanced_security_options`; undefined when neither is set. */
function advancedSecurity(ctx: KindContext): Security | undefined {
  const auth = objectValue(ctx, 'auth');
  if (Object.keys(auth).length) {
    const arn = auth['admin_user_arn'];
    if (typeof arn === 'string' && arn) return { block: { enabled: true, internal_user_database_enabled: false }, masterUser: { master_user_arn: escapeTemplate(arn) } };
    const where = { ...whereOf(ctx, 'auth'), path: [...whereOf(ctx, 'auth').path, 'admin_user_credentials'] };
    const fields = masterUserFields(ctx, auth['admin_user_credentials'], where, true);
    return { block: { enabled: true, internal_user_database_enabled: true }, masterUser: fields };
  }
  const legacy = objectValue(ctx, 'advanced_security_options');
  if (!Object.keys(legacy).length) return undefined;
  const where = whereOf(ctx, 'advanced_security_options');
  const { master_user_options: mo, ...rest } = legacy;
  // The reference pops master_user_options and reads it back: without one it fails (KeyError).
  if (!isPlainObject(mo) || !Object.keys(mo).length) throw inputError(where, 'advanced_security_options needs master_user_options.master_user_secret (a Vault secret with master_user_name and master_user_password)');
  const fields = masterUserFields(ctx, mo['master_user_secret'], { ...where, path: [...where.path, 'master_user_options', 'master_user_secret'] }, false);
  return { block: escapeDeep(rest), masterUser: fields };
}

/**
 * The master user's fields: from the Vault secret (both required; the password
 * validated only on the `auth` path, as the reference), else the secret version
 * the account's state holds, else a bootstrap placeholder, else an input error.
 */
function masterUserFields(ctx: KindContext, ref: unknown, where: SourceRef, validate: boolean): Record<string, string> {
  if (!isPlainObject(ref) || typeof ref['path'] !== 'string') throw inputError(where, 'a Vault secret reference ({path, field}) is required');
  const path = ref['path'];
  const given = ctx.options.secrets?.get(path);
  let fields: Record<string, string>;
  if (given) {
    requireSecretFields(ctx.options.secrets, { path }, where, MASTER_USER_FIELDS);
    fields = { ...given };
  } else {
    const prior = priorMasterUser(ctx);
    if (prior) fields = prior;
    else if (ctx.options.bootstrap) return { master_user_name: 'bootstrap', master_user_password: 'Bootstrap-0' };
    else return requireSecretFields(ctx.options.secrets, { path }, where, MASTER_USER_FIELDS);
  }
  if (validate) {
    const problems = passwordProblems(fields['master_user_password'] ?? '');
    if (problems.length) throw inputError({ ...where, path: [...where.path, 'path'] }, `Vault secret ${path}: master_user_password: ${problems.join(' ')}`);
  }
  return Object.fromEntries(Object.entries(fields).map(([k, val]) => [k, escapeTemplate(val)]));
}

/** The master user the reconciler last wrote: the fields of `aws_secretsmanager_secret_version.qrtf-es-<id>` in the state, when both are there. */
function priorMasterUser(ctx: KindContext): Record<string, string> | undefined {
  const fields = priorSecretFields(ctx, secretIdentifier(ctx));
  return fields && MASTER_USER_FIELDS.every((f) => f in fields) ? fields : undefined;
}

function secretIdentifier(ctx: KindContext): string {
  return `qrtf-es-${ctx.res.identifier}`;
}

/** The internal user database's secret in Secrets Manager, its read policy and the four outputs. */
function masterUserSecret(ctx: KindContext, master: Record<string, string>, provider: string | undefined): void {
  const secretName = `qrtf/es/${ctx.res.identifier}`;
  const sid = secretIdentifier(ctx);
  const secret = declare(ctx, aws.SecretsmanagerSecret, sid, { name: secretName, tags: ctx.tags });
  if (provider) secret.addOverride('provider', provider);
  const version = declare(ctx, aws.SecretsmanagerSecretVersion, sid, { secretId: `\${aws_secretsmanager_secret.${sid}.id}` });
  // `master` is escaped already; json_dumps of the escaped text keeps `$${` as written.
  version.addOverride('secret_string', jsonDumps(master));
  if (provider) version.addOverride('provider', provider);
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['secretsmanager:GetResourcePolicy', 'secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecretVersionIds'],
        Resource: `\${aws_secretsmanager_secret.${sid}.id}`,
      },
    ],
  };
  declare(ctx, aws.IamPolicy, sid, { name: `${ctx.res.identifier}-secretsmanager-policy`, policy: jsonDumps(policy), tags: ctx.tags });
  output(ctx, 'secret_name', secretName);
  output(ctx, 'secret_policy_arn', `\${aws_iam_policy.${sid}.arn}`);
  output(ctx, 'master_user_name', master['master_user_name'], true);
  output(ctx, 'master_user_password', master['master_user_password'], true);
}

/** `values.get(key, {})`: absent is `{}`; anything but a mapping is an input error (the reference's `.get` on it fails). */
function objectValue(ctx: KindContext, key: string): Record<string, unknown> {
  const val = ctx.res.values[key];
  if (val === undefined) return {};
  if (!isPlainObject(val)) throw inputError(whereOf(ctx, key), `${key} must be a mapping`);
  return val;
}

/** `d.get(key, fallback)`: an explicit null stays null. */
function getOr(d: Record<string, unknown>, key: string, fallback: unknown): unknown {
  return key in d ? d[key] : fallback;
}

function set(config: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== null) config[key] = value;
}

function whereOf(ctx: KindContext, key: string): SourceRef {
  const w = ctx.res.origins[key] ?? ctx.res.where;
  return w.path[w.path.length - 1] === key ? w : { ...w, path: [...w.path, key] };
}

/** Python truthiness, as the reference tests values. */
function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}
