/**
 * Parity with the reconciler (TAC = reconcile/utils/terrascript_aws_client.py at f8dc7d43)
 * for elasticsearch, msk and kinesis's es_identifier branch. Each row names the reference
 * function, the input, and what that function emits as read from its code.
 */
import { describe, expect, it } from 'vitest';
import { loadInventory, needsPriorState, priorStateFromRaw } from '../../src/synth/index.js';
import { passwordProblems } from '../../src/synth/kinds/elasticsearch.js';
import { translateLegacyKeys } from '../../src/synth/merge.js';
import { redactSecrets, REDACTED } from '../../src/synth/redact-secrets.js';
import { vaultRefsOf } from '../../src/synth/secret-source.js';
import type { SynthOptions } from '../../src/synth/synth-options.js';
import { account, namespace, synth, writeInventory, type Doc, type Json } from './synth-helpers.js';

const MULTI = account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] });
const ARTIFACTS = new Map([['kinesis-to-opensearch-lambda', '/a/kinesis-to-opensearch-lambda.zip']]);
const MASTER = { master_user_name: 'admin', master_user_password: 'Passw0rd!x', extra: 'kept-in-secret' };
const secrets = (m: Record<string, Record<string, string>>): SynthOptions['secrets'] => new Map(Object.entries(m));

/** One elasticsearch entry with its defaults file (`es.yml`). */
const es = (defaults: Doc, extra: Doc = {}) => ({ entry: { provider: 'elasticsearch', identifier: 'logs', defaults: 'es.yml', ...extra }, file: JSON.stringify(defaults) });
const ONE_ZONE = { cluster_config: { zone_awareness_enabled: false }, vpc_options: { subnet_ids: ['subnet-a'] } };

async function synthEs(defaults: Doc, extra: Doc = {}, options: SynthOptions = {}, acct: Doc = account()): Promise<Json> {
  const e = es(defaults, extra);
  return synth([e.entry], { 'es.yml': e.file }, options, acct);
}
async function esError(defaults: Doc, extra: Doc = {}, options: SynthOptions = {}): Promise<string> {
  try {
    await synthEs(defaults, extra, options);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

const MSK_FILE = {
  kafka_version: '3.6.0',
  number_of_broker_nodes: 2,
  broker_node_group_info: { instance_type: 'kafka.m5.large', client_subnets: ['subnet-a', 'subnet-b'], ebs_volume_size: 100 },
  server_properties: 'auto.create.topics.enable=false\n',
};
const SCRAM = { ...MSK_FILE, client_authentication: { sasl: { scram: true } } };
const USERS = [{ name: 'app', secret: { path: 'kafka/app', field: 'all' } }];
async function synthMsk(defaults: Doc, extra: Doc = {}, options: SynthOptions = {}, acct: Doc = account()): Promise<Json> {
  return synth([{ provider: 'msk', identifier: 'kafka', defaults: 'msk.yml', ...extra }], { 'msk.yml': JSON.stringify(defaults) }, options, acct);
}
async function mskError(defaults: Doc, extra: Doc = {}, options: SynthOptions = {}): Promise<string> {
  try {
    await synthMsk(defaults, extra, options);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}

const stateWith = (resources: { type: string; name: string; attributes: Doc }[], outputs: Record<string, unknown> = {}) =>
  priorStateFromRaw({
    version: 4,
    resources: resources.map((r) => ({ mode: 'managed', type: r.type, name: r.name, instances: [{ attributes: r.attributes }] })),
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v }])),
  });

describe.each([
  {
    fn: 'populate_tf_resource_elasticsearch',
    rule: 'defaults: empty ebs_options, encryption on, TLS 1.0 policy, 3 dedicated t2.small masters, 3 zones, snapshot hour 23, allow-all access policy, depends_on the service-linked role',
    run: async () => {
      const d = (await synthEs({ vpc_options: { subnet_ids: ['s-1', 's-2', 's-3'] } }))['resource']['aws_elasticsearch_domain']['logs'];
      return { ...d, tags: undefined, log_publishing_options: undefined };
    },
    reference: {
      domain_name: 'logs',
      ebs_options: {},
      encrypt_at_rest: { enabled: true },
      node_to_node_encryption: { enabled: true },
      domain_endpoint_options: { enforce_https: true, tls_security_policy: 'Policy-Min-TLS-1-0-2019-07' },
      cluster_config: {
        instance_type: 't2.small.elasticsearch', instance_count: 3, zone_awareness_enabled: true,
        dedicated_master_enabled: true, dedicated_master_type: 't2.small.elasticsearch', dedicated_master_count: 3,
        zone_awareness_config: { availability_zone_count: 3 },
      },
      snapshot_options: { automated_snapshot_start_hour: 23 },
      vpc_options: { subnet_ids: ['s-1', 's-2', 's-3'] },
      depends_on: ['aws_iam_service_linked_role.elasticsearch'],
      access_policies: '{"Statement": [{"Action": "es:*", "Effect": "Allow", "Principal": {"AWS": "*"}, "Resource": "*"}], "Version": "2012-10-17"}',
      tags: undefined,
      log_publishing_options: undefined,
    },
  },
  {
    fn: '_get_tf_resource_elasticsearch_log_groups',
    rule: 'a published type: log group OpenSearchService/<id>/<type> (90 days), enabled option with its arn, arn+name outputs; the others disabled with an empty arn, in enum order',
    run: async () => {
      const json = await synthEs(ONE_ZONE, { publish_log_types: ['SEARCH_SLOW_LOGS'] });
      const lg = json['resource']['aws_cloudwatch_log_group'];
      return {
        groups: Object.fromEntries(Object.entries(lg as Record<string, Json>).map(([k, v]) => [k, { name: v['name'], retention_in_days: v['retention_in_days'] }])),
        options: json['resource']['aws_elasticsearch_domain']['logs']['log_publishing_options'],
        outputs: [json['output']['logs-elasticsearch__cloudwatch_log_group_search_slow_logs_arn'], json['output']['logs-elasticsearch__cloudwatch_log_group_search_slow_logs_name']],
      };
    },
    reference: {
      groups: { 'OpenSearchService-logs-search_slow_logs': { name: 'OpenSearchService/logs/search_slow_logs', retention_in_days: 90 } },
      options: [
        { log_type: 'INDEX_SLOW_LOGS', enabled: false, cloudwatch_log_group_arn: '' },
        { log_type: 'SEARCH_SLOW_LOGS', enabled: true, cloudwatch_log_group_arn: '${aws_cloudwatch_log_group.OpenSearchService-logs-search_slow_logs.arn}' },
        { log_type: 'ES_APPLICATION_LOGS', enabled: false, cloudwatch_log_group_arn: '' },
      ],
      outputs: [{ value: '${aws_cloudwatch_log_group.OpenSearchService-logs-search_slow_logs.arn}' }, { value: 'OpenSearchService/logs/search_slow_logs' }],
    },
  },
  {
    fn: '_get_elasticsearch_account_wide_resource_policy',
    rule: 'one policy over every domain\'s log groups (each in its region), declared once; the domain depends on it; no provider on it or the service-linked role',
    run: async () => {
      const a = es(ONE_ZONE, { publish_log_types: ['INDEX_SLOW_LOGS'] });
      const b = { ...es(ONE_ZONE).entry, identifier: 'other', region: 'us-west-2', publish_log_types: ['ES_APPLICATION_LOGS'] };
      const json = await synth([a.entry, b], { 'es.yml': a.file }, {}, MULTI);
      const p = json['resource']['aws_cloudwatch_log_resource_policy'];
      return {
        names: Object.keys(p),
        policy: JSON.parse(p['es_log_publishing_resource_policy']['policy_document'] as string).Statement[0].Resource,
        provider: [p['es_log_publishing_resource_policy']['provider'], json['resource']['aws_iam_service_linked_role']['elasticsearch']['provider']],
        depends: json['resource']['aws_elasticsearch_domain']['other']['depends_on'],
        domainProvider: json['resource']['aws_elasticsearch_domain']['other']['provider'],
      };
    },
    reference: {
      names: ['es_log_publishing_resource_policy'],
      policy: ['arn:aws:logs:us-east-1:123456789012:log-group:OpenSearchService/logs/index_slow_logs:*', 'arn:aws:logs:us-west-2:123456789012:log-group:OpenSearchService/other/es_application_logs:*'],
      provider: [undefined, undefined],
      depends: ['aws_iam_service_linked_role.elasticsearch', 'aws_cloudwatch_log_resource_policy.es_log_publishing_resource_policy'],
      domainProvider: 'aws.us-west-2',
    },
  },
  {
    fn: '_build_es_advanced_security_options (admin_user_arn)',
    rule: 'internal database off; the arn is filtered out of master_user_options (only name/password pass), no secret resources',
    run: async () => {
      const json = await synthEs({ ...ONE_ZONE, auth: { admin_user_arn: 'arn:aws:iam::123456789012:role/admin' } });
      return { aso: json['resource']['aws_elasticsearch_domain']['logs']['advanced_security_options'], secrets: json['resource']['aws_secretsmanager_secret'] };
    },
    reference: { aso: { enabled: true, internal_user_database_enabled: false, master_user_options: {} }, secrets: undefined },
  },
  {
    fn: '_build_es_advanced_security_options (admin_user_credentials)',
    rule: 'internal database on; master_user_options name+password; secret qrtf/es/<id> with every field; policy <id>-secretsmanager-policy; sensitive master outputs',
    run: async () => {
      const json = await synthEs({ ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } }, {}, { secrets: secrets({ 'es/master': MASTER }) });
      const r = json['resource'];
      return {
        aso: r['aws_elasticsearch_domain']['logs']['advanced_security_options'],
        secret: r['aws_secretsmanager_secret']['qrtf-es-logs']['name'],
        version: r['aws_secretsmanager_secret_version']['qrtf-es-logs'],
        policy: [r['aws_iam_policy']['qrtf-es-logs']['name'], JSON.parse(r['aws_iam_policy']['qrtf-es-logs']['policy'] as string).Statement[0].Resource],
        outputs: ['secret_name', 'secret_policy_arn', 'master_user_name', 'master_user_password'].map((f) => json['output'][`logs-elasticsearch__${f}`]),
      };
    },
    reference: {
      aso: { enabled: true, internal_user_database_enabled: true, master_user_options: { master_user_name: 'admin', master_user_password: 'Passw0rd!x' } },
      secret: 'qrtf/es/logs',
      version: { secret_id: '${aws_secretsmanager_secret.qrtf-es-logs.id}', secret_string: '{"extra": "kept-in-secret", "master_user_name": "admin", "master_user_password": "Passw0rd!x"}' },
      policy: ['logs-secretsmanager-policy', '${aws_secretsmanager_secret.qrtf-es-logs.id}'],
      outputs: [{ value: 'qrtf/es/logs' }, { value: '${aws_iam_policy.qrtf-es-logs.arn}' }, { value: 'admin', sensitive: true }, { value: 'Passw0rd!x', sensitive: true }],
    },
  },
  {
    fn: 'populate_tf_resource_elasticsearch (no Vault secret given)',
    rule: 'the master user the state\'s secret version holds is kept (so the plan shows no change)',
    run: async () => {
      const prior = stateWith([{ type: 'aws_secretsmanager_secret_version', name: 'qrtf-es-logs', attributes: { secret_string: JSON.stringify(MASTER) } }]);
      const json = await synthEs({ ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } }, {}, { priorState: prior });
      return json['resource']['aws_elasticsearch_domain']['logs']['advanced_security_options']['master_user_options'];
    },
    reference: { master_user_name: 'admin', master_user_password: 'Passw0rd!x' },
  },
  {
    fn: '_build_es_advanced_security_options_deprecated',
    rule: 'advanced_security_options as given, master_user_options from master_user_secret',
    run: async () => {
      const json = await synthEs({ ...ONE_ZONE, advanced_security_options: { enabled: true, internal_user_database_enabled: true, master_user_options: { master_user_secret: { path: 'es/master', field: 'all' } } } }, {}, { secrets: secrets({ 'es/master': MASTER }) });
      return [json['resource']['aws_elasticsearch_domain']['logs']['advanced_security_options'], Object.keys(json['resource']['aws_secretsmanager_secret'])];
    },
    reference: [{ enabled: true, internal_user_database_enabled: true, master_user_options: { master_user_name: 'admin', master_user_password: 'Passw0rd!x' } }, ['qrtf-es-logs']],
  },
  {
    fn: 'populate_tf_resource_elasticsearch (cluster_config)',
    rule: 'warm nodes with their defaults; cold storage with masters and warm; ebs enabled defaults gp2 / iops 0',
    run: async () => {
      const d = (await synthEs({ ...ONE_ZONE, ebs_options: { volume_size: 10 }, cluster_config: { zone_awareness_enabled: false, warm_enabled: true, cold_storage_options: { enabled: true } } }))['resource']['aws_elasticsearch_domain']['logs'];
      return [d['cluster_config'], d['ebs_options']];
    },
    reference: [
      { instance_type: 't2.small.elasticsearch', instance_count: 3, zone_awareness_enabled: false, dedicated_master_enabled: true, dedicated_master_type: 't2.small.elasticsearch', dedicated_master_count: 3, warm_enabled: true, warm_type: 'ultrawarm1.medium.elasticsearch', warm_count: 2, cold_storage_options: { enabled: true } },
      { ebs_enabled: true, volume_size: 10, volume_type: 'gp2', iops: 0 },
    ],
  },
  {
    fn: 'redactSecrets (tfdoctor synth stdout)',
    rule: 'the domain master password, the secret version and the sensitive outputs are never printed',
    run: async () => {
      const json = await synthEs({ ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } }, {}, { secrets: secrets({ 'es/master': MASTER }) });
      const printed = JSON.stringify(redactSecrets(json));
      return { leaks: printed.includes('Passw0rd!x'), marks: printed.split(REDACTED).length - 1 };
    },
    reference: { leaks: false, marks: 4 },
  },
  {
    fn: 'PasswordValidator (HAS_DIGIT | lower | upper | special, min 8)',
    rule: 'each missing class is named; a non-ASCII letter is alphanumeric',
    run: async () => [passwordProblems('Passw0rd!'), passwordProblems('password').length, passwordProblems('Pässw0rdé').length],
    reference: [[], 3, 1],
  },
])('$fn: $rule', ({ run, reference }) => {
  it('emits what the reference emits', async () => {
    expect(await run()).toEqual(reference);
  });
});

describe.each([
  { why: 'ElasticSearchResourceNameInvalidError', run: () => synth([{ provider: 'elasticsearch', identifier: 'Logs_ES' }]).then(() => 'no error', (e: Error) => e.message), message: /identifier: .*ElasticSearch domain name must start with a lowercase letter/ },
  { why: 'ElasticSearchResourceMissingSubnetIdError', run: () => esError({}), message: /inventory\.yml: .*resources\.0\.vpc_options: .*No subnet ids provided for Elasticsearch resource logs/ },
  { why: 'ElasticSearchResourceZoneAwareSubnetInvalidError (one zone, two subnets)', run: () => esError({ cluster_config: { zone_awareness_enabled: false }, vpc_options: { subnet_ids: ['a', 'b'] } }), message: /Multiple subnet ids are provided but\s+zone_awareness_enabled is set to false/ },
  { why: 'ElasticSearchResourceZoneAwareSubnetInvalidError (count)', run: () => esError({ vpc_options: { subnet_ids: ['a', 'b'] } }), message: /Subnet ids count does not match\s+availability_zone_count/ },
  { why: 'ElasticSearchResourceColdStorageError', run: () => esError({ ...ONE_ZONE, cluster_config: { zone_awareness_enabled: false, cold_storage_options: { enabled: true } } }), message: /Cold storage can only be enabled when warm_enabled is set to true/ },
  { why: 'ValueError volume_size is required', run: () => esError({ ...ONE_ZONE, ebs_options: { ebs_enabled: true } }), message: /es\.yml: ebs_options: volume_size is required/ },
  { why: 'ElasticSearchLogGroupType(log_type) is a ValueError', run: () => esError(ONE_ZONE, { publish_log_types: ['AUDIT_LOGS'] }), message: /inventory\.yml: .*publish_log_types\.0: "AUDIT_LOGS" is not a valid ElasticSearchLogGroupType/ },
  { why: 'vault secret must contain these keys', run: () => esError({ ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } }, {}, { secrets: secrets({ 'es/master': { master_user_name: 'x' } }) }), message: /es\.yml: auth\.admin_user_credentials\.path: Vault secret es\/master has no field "master_user_password"/ },
  { why: 'the secret is neither given nor in the state', run: () => esError({ ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } }), message: /es\.yml: auth\.admin_user_credentials\.path: Vault secret es\/master was not given/ },
  { why: 'PasswordValidationError (the password is never in the message)', run: () => esError({ ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } }, {}, { secrets: secrets({ 'es/master': { master_user_name: 'x', master_user_password: 'weakpass' } }) }), message: /^(?!.*weakpass).*Vault secret es\/master: master_user_password: .*at least one upper case character/ },
  { why: 'deprecated advanced_security_options without master_user_options (KeyError)', run: () => esError({ ...ONE_ZONE, advanced_security_options: { enabled: true } }), message: /es\.yml: advanced_security_options: advanced_security_options needs master_user_options/ },
])('populate_tf_resource_elasticsearch refuses: $why', ({ run, message }) => {
  it('is an input error naming the file and path', async () => {
    expect(await run()).toMatch(message);
  });
});

describe.each([
  {
    fn: 'populate_tf_resource_msk',
    rule: 'configuration <id>-<version dashed> (create_before_destroy); cluster with the values, cluster_name = id, configuration_info; no provider even in a multi-region account; six outputs',
    run: async () => {
      const json = await synthMsk(MSK_FILE, {}, {}, MULTI);
      const r = json['resource'];
      return {
        config: r['aws_msk_configuration']['kafka-3-6-0'],
        cluster: { ...r['aws_msk_cluster']['kafka'], tags: undefined },
        outputs: Object.keys(json['output']).filter((k) => !k.includes('qrtf')),
      };
    },
    reference: {
      config: { name: 'kafka-3-6-0', kafka_versions: ['3.6.0'], server_properties: 'auto.create.topics.enable=false\n', lifecycle: { create_before_destroy: true } },
      cluster: {
        kafka_version: '3.6.0', number_of_broker_nodes: 2, cluster_name: 'kafka',
        broker_node_group_info: { instance_type: 'kafka.m5.large', client_subnets: ['subnet-a', 'subnet-b'], storage_info: { ebs_storage_info: { volume_size: 100 } } },
        configuration_info: { arn: '${aws_msk_configuration.kafka-3-6-0.arn}', revision: '${aws_msk_configuration.kafka-3-6-0.latest_revision}' },
        tags: undefined,
      },
      outputs: ['zookeeper_connect_string', 'zookeeper_connect_string_tls', 'bootstrap_brokers', 'bootstrap_brokers_tls', 'bootstrap_brokers_sasl_iam', 'bootstrap_brokers_sasl_scram'].map((f) => `kafka-msk__${f}`),
    },
  },
  {
    fn: 'init_values (providerVersion not 3.x)',
    rule: 'msk broker_node_group_info.ebs_volume_size -> storage_info.ebs_storage_info.volume_size (kept beside an existing storage_info; a falsy one dropped)',
    run: async () => {
      const a: Record<string, unknown> = { broker_node_group_info: { ebs_volume_size: 10, storage_info: { ebs_storage_info: { provisioned_throughput: { enabled: false } } } } };
      const b: Record<string, unknown> = { broker_node_group_info: { ebs_volume_size: 0, instance_type: 'x' } };
      translateLegacyKeys('msk', a);
      translateLegacyKeys('msk', b);
      return [a, b];
    },
    reference: [
      { broker_node_group_info: { storage_info: { ebs_storage_info: { provisioned_throughput: { enabled: false }, volume_size: 10 } } } },
      { broker_node_group_info: { instance_type: 'x' } },
    ],
  },
  {
    fn: 'populate_tf_resource_msk (cloudwatch broker logs)',
    rule: 'log group <id> named <id>-msk-broker-logs with the retention; the cluster names it literally and loses retention_in_days',
    run: async () => {
      const r = (await synthMsk({ ...MSK_FILE, logging_info: { broker_logs: { cloudwatch_logs: { enabled: true, retention_in_days: 7 } } } }))['resource'];
      return { lg: { ...r['aws_cloudwatch_log_group']['kafka'], tags: undefined }, logging: r['aws_msk_cluster']['kafka']['logging_info'] };
    },
    reference: { lg: { name: 'kafka-msk-broker-logs', retention_in_days: 7, tags: undefined }, logging: { broker_logs: { cloudwatch_logs: { enabled: true, log_group: 'kafka-msk-broker-logs' } } } },
  },
  {
    fn: 'populate_tf_resource_msk (SCRAM)',
    rule: 'kms key/alias alias/<id>-msk-scram; per user secret AmazonMSK_<id>-<user> (kms), version json_dumps(secret), kafka read policy; one association depending on the versions',
    run: async () => {
      const r = (await synthMsk(SCRAM, { users: USERS }, { secrets: secrets({ 'kafka/app': { username: 'app', password: 'pw' } }) }))['resource'];
      const sid = 'AmazonMSK_kafka-app';
      return {
        alias: r['aws_kms_alias']['kafka'],
        secret: { ...r['aws_secretsmanager_secret'][sid], tags: undefined },
        version: r['aws_secretsmanager_secret_version'][sid],
        policy: JSON.parse(r['aws_secretsmanager_secret_policy'][sid]['policy'] as string).Statement[0].Principal,
        assoc: r['aws_msk_scram_secret_association']['kafka'],
      };
    },
    reference: {
      alias: { name: 'alias/kafka-msk-scram', target_key_id: '${aws_kms_key.kafka.arn}' },
      secret: { name: 'AmazonMSK_kafka-app', kms_key_id: '${aws_kms_key.kafka.arn}', tags: undefined },
      version: { secret_id: '${aws_secretsmanager_secret.AmazonMSK_kafka-app.arn}', secret_string: '{"password": "pw", "username": "app"}' },
      policy: { Service: 'kafka.amazonaws.com' },
      assoc: { cluster_arn: '${aws_msk_cluster.kafka.arn}', secret_arn_list: ['${aws_secretsmanager_secret.AmazonMSK_kafka-app.arn}'], depends_on: ['aws_secretsmanager_secret_version.AmazonMSK_kafka-app'] },
    },
  },
  {
    fn: 'populate_tf_resource_msk (no Vault secret given)',
    rule: 'the user secret the state\'s version holds is kept',
    run: async () => {
      const prior = stateWith([{ type: 'aws_secretsmanager_secret_version', name: 'AmazonMSK_kafka-app', attributes: { secret_string: '{"password": "old", "username": "app"}' } }]);
      return (await synthMsk(SCRAM, { users: USERS }, { priorState: prior }))['resource']['aws_secretsmanager_secret_version']['AmazonMSK_kafka-app']['secret_string'];
    },
    reference: '{"password": "old", "username": "app"}',
  },
])('$fn: $rule', ({ run, reference }) => {
  it('emits what the reference emits', async () => {
    expect(await run()).toEqual(reference);
  });
});

describe.each([
  { why: 'number_of_broker_nodes must be a multiple of the client subnets', run: () => mskError({ ...MSK_FILE, number_of_broker_nodes: 3 }), message: /msk\.yml: number_of_broker_nodes: number_of_broker_nodes must be a multiple/ },
  { why: 'users attribute must be given when scram is enabled', run: () => mskError(SCRAM), message: /inventory\.yml: .*users: users attribute must be given/ },
  { why: 'a user secret must hold only username and password', run: () => mskError(SCRAM, { users: USERS }, { secrets: secrets({ 'kafka/app': { username: 'app', password: 'pw', extra: 'x' } }) }), message: /users\.0\.secret\.path: MSK user 'app' secret must contain only 'username' and 'password' keys/ },
  { why: 'the user secret is neither given nor in the state', run: () => mskError(SCRAM, { users: USERS }), message: /users\.0\.secret\.path: Vault secret kafka\/app was not given/ },
  { why: 'region is passed to aws_msk_cluster, which provider 5.x refuses', run: () => mskError(MSK_FILE, { region: 'us-east-1' }), message: /region: msk takes no region/ },
  { why: 'server_properties is read with values["server_properties"]', run: () => mskError({ ...MSK_FILE, server_properties: undefined }), message: /inventory\.yml: .*resources\.0\.server_properties: server_properties is required/ },
  { why: 'terraform refuses an unknown argument', run: () => mskError({ ...MSK_FILE, brokers: 2 }), message: /msk\.yml: brokers: unknown attribute "brokers" for aws_msk_cluster/ },
])('populate_tf_resource_msk refuses: $why', ({ run, message }) => {
  it('is an input error naming the file and path', async () => {
    expect(await run()).toMatch(message);
  });
});

describe('populate_tf_resource_kinesis with es_identifier (the domain now exists)', () => {
  const stream = { provider: 'kinesis', identifier: 'stream', defaults: 'k.yml', es_identifier: 'logs' };
  const files = { 'k.yml': 'shard_count: 1\n', 'es.yml': JSON.stringify(ONE_ZONE) };
  it('the lambda reads the domain through data.aws_elasticsearch_domain.<es>', async () => {
    const json = await synth([es(ONE_ZONE).entry, stream], files, { artifacts: ARTIFACTS });
    expect(json['data']['aws_elasticsearch_domain']).toEqual({ logs: { domain_name: 'logs' } });
    expect(json['resource']['aws_lambda_function']['stream-lambda']['environment']).toEqual({ variables: { es_endpoint: '${data.aws_elasticsearch_domain.logs.endpoint}', index_prefix: 'stream-' } });
    expect(json['resource']['aws_iam_role_policy_attachment']['stream-lambda-secretsmanager-policy']).toBeUndefined();
  });
  it('with the domain\'s outputs in the state: the secrets-manager policy attachment and the secret_name variable', async () => {
    const prior = stateWith([], { 'logs-elasticsearch__secret_policy_arn': 'arn:aws:iam::123456789012:policy/logs-secretsmanager-policy', 'logs-elasticsearch__secret_name': 'qrtf/es/logs' });
    const json = await synth([es(ONE_ZONE).entry, stream], files, { artifacts: ARTIFACTS, priorState: prior });
    expect(json['resource']['aws_iam_role_policy_attachment']['stream-lambda-secretsmanager-policy']).toEqual({
      role: 'stream-lambda-execution-role', policy_arn: 'arn:aws:iam::123456789012:policy/logs-secretsmanager-policy', depends_on: ['aws_iam_role.stream-lambda-execution-role'],
    });
    expect(json['resource']['aws_lambda_function']['stream-lambda']['environment']['variables']['secret_name']).toBe('qrtf/es/logs');
  });
  it('a domain of another kind or identifier is not found', async () => {
    await expect(synth([{ ...stream, es_identifier: 'nope' }, es(ONE_ZONE).entry], files, { artifacts: ARTIFACTS })).rejects.toThrow(/es_identifier: failed to find elasticsearch domain nope/);
  });
});

describe('what reads the state and Vault', () => {
  it('a bootstrap synth (config for init, before the state is read) holds placeholders, not an error; the real synth then fails without Vault or state', async () => {
    const esAuth = { ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } };
    const domain = await synthEs(esAuth, {}, { bootstrap: true });
    expect(domain['resource']['aws_elasticsearch_domain']['logs']['advanced_security_options']['master_user_options']['master_user_name']).toBe('bootstrap');
    const kafka = await synthMsk(SCRAM, { users: USERS }, { bootstrap: true });
    expect(JSON.parse(kafka['resource']['aws_secretsmanager_secret_version']['AmazonMSK_kafka-app']['secret_string'] as string)).toEqual({ password: 'bootstrap', username: 'app' });
    expect(await esError(esAuth)).toMatch(/was not given/);
    expect(await mskError(SCRAM, { users: USERS })).toMatch(/was not given/);
  });

  it.each([
    { what: 'kinesis with es_identifier', resources: [{ provider: 'kinesis', identifier: 's', es_identifier: 'logs' }], files: {}, needs: true },
    { what: 'kinesis without', resources: [{ provider: 'kinesis', identifier: 's' }], files: {}, needs: false },
    { what: 'elasticsearch with admin_user_credentials', resources: [es({ auth: { admin_user_credentials: { path: 'p', field: 'all' } } }).entry], files: { 'es.yml': JSON.stringify({ auth: { admin_user_credentials: { path: 'p', field: 'all' } } }) }, needs: true },
    { what: 'elasticsearch with admin_user_arn', resources: [es({}).entry], files: { 'es.yml': JSON.stringify({ auth: { admin_user_arn: 'arn:aws:iam::1:role/x' } }) }, needs: false },
    { what: 'msk with SCRAM', resources: [{ provider: 'msk', identifier: 'k', defaults: 'msk.yml' }], files: { 'msk.yml': JSON.stringify(SCRAM) }, needs: true },
    { what: 'msk without', resources: [{ provider: 'msk', identifier: 'k', defaults: 'msk.yml' }], files: { 'msk.yml': JSON.stringify(MSK_FILE) }, needs: false },
  ])('needsPriorState: $what -> $needs', async ({ resources, files, needs }) => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace(resources)] }, files as Record<string, string>);
    expect(needsPriorState(await loadInventory(file), 'acct-a')).toBe(needs);
  });

  it('vaultRefsOf finds the admin credentials in the defaults file and the msk users in the entry', async () => {
    const e = es({ ...ONE_ZONE, auth: { admin_user_credentials: { path: 'es/master', field: 'all' } } });
    const { file } = await writeInventory(
      { accounts: [account()], namespaces: [namespace([e.entry, { provider: 'msk', identifier: 'k', defaults: 'msk.yml', users: USERS }])] },
      { 'es.yml': e.file, 'msk.yml': JSON.stringify(SCRAM) },
    );
    const refs = vaultRefsOf(await loadInventory(file), 'acct-a');
    expect(refs.map((r) => [r.path, r.where.file.split('/').pop(), r.where.path.join('.')])).toEqual([
      ['es/master', 'es.yml', 'auth.admin_user_credentials'],
      ['kafka/app', 'inventory.yml', 'namespaces.0.externalResources.0.resources.1.users.0.secret'],
    ]);
  });
});
