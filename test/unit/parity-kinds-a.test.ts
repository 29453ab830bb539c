/**
 * Parity, kinds rds / parameter groups / elasticache / s3 / IAM user set,
 * service account, role / kms: each row is one rule, with the input, what the
 * reference writes for it (read from the named function in qontract-reconcile's
 * reconcile/utils/terrascript_aws_client.py at f8dc7d43), and a check of
 * tfdoctor's synthesized JSON against it.
 */
import { describe, expect, it } from 'vitest';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import type { PriorState } from '../../src/synth/synth-options.js';
import { jsonDumps } from '../../src/synth/kinds/iam-user-set.js';
import { account, namespace, writeInventory, type Doc } from './synth-helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function synth(resources: Doc[], files: Record<string, string> = {}, opts: { prior?: PriorState; multi?: boolean } = {}): Promise<Json> {
  const acct = account('acct-a', opts.multi ? { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] } : {});
  const { file } = await writeInventory({ accounts: [acct], namespaces: [namespace(resources)] }, files);
  const inv = await loadInventory(file);
  return synthAccount(inv, 'acct-a', { generatePassword: () => 'NewPassw0rdNewPassw0', ...(opts.prior ? { priorState: opts.prior } : {}) }).json as Json;
}

const RDS = { provider: 'rds', identifier: 'db', overrides: { instance_class: 'db.t3.micro', engine: 'postgres', username: 'u' } };
const PG = { 'pg.yml': 'family: postgres15\nparameters:\n  - { name: log_connections, value: 1 }\n' };
const prior = (attrs: Record<string, Record<string, unknown>>, outputs: Record<string, unknown> = {}): PriorState => ({
  attributes: (a) => attrs[a],
  output: (n) => outputs[n],
});

interface Row {
  fn: string;
  rule: string;
  resources: Doc[];
  files?: Record<string, string>;
  prior?: PriorState;
  multi?: boolean;
  /** What the reference writes, checked against tfdoctor's JSON. */
  check: (j: Json) => void;
}

const ROWS: Row[] = [
  {
    fn: 'populate_tf_resource_rds',
    rule: 'a new instance gets a generated password, output db_password and db_user sensitive, no manage_master_user_password',
    resources: [RDS],
    check: (j) => {
      const db = j['resource']['aws_db_instance']['db'];
      expect(db['password']).toBe('NewPassw0rdNewPassw0');
      expect(db).not.toHaveProperty('manage_master_user_password');
      expect(j['output']['db-rds__db_password']).toEqual({ value: 'NewPassw0rdNewPassw0', sensitive: true });
      expect(j['output']['db-rds__db_user']).toEqual({ value: 'u', sensitive: true });
    },
  },
  {
    fn: 'populate_tf_resource_rds (spec.get_secret_field("db.password"))',
    rule: 'an instance in the state keeps its current password (from the db_password output)',
    resources: [RDS],
    prior: prior({}, { 'db-rds__db_password': 'CurrentFromSecret000' }),
    check: (j) => expect(j['resource']['aws_db_instance']['db']['password']).toBe('CurrentFromSecret000'),
  },
  {
    fn: 'populate_tf_resource_rds',
    rule: 'without the output, the password attribute in the state is the current one',
    resources: [RDS],
    prior: prior({ 'aws_db_instance.db': { password: 'CurrentFromState0000' } }),
    check: (j) => expect(j['resource']['aws_db_instance']['db']['password']).toBe('CurrentFromState0000'),
  },
  {
    fn: 'populate_tf_resource_rds (reset_password)',
    rule: 'a changed reset_password generates a new password and outputs reset_password',
    resources: [{ ...RDS, overrides: { ...RDS.overrides, reset_password: 'r2' } }],
    prior: prior({}, { 'db-rds__db_password': 'CurrentFromSecret000', 'db-rds__reset_password': 'r1' }),
    check: (j) => {
      expect(j['resource']['aws_db_instance']['db']['password']).toBe('NewPassw0rdNewPassw0');
      expect(j['output']['db-rds__reset_password']).toEqual({ value: 'r2' });
    },
  },
  {
    fn: 'populate_tf_resource_rds',
    rule: 'apply_immediately defaults to false; a truthy monitoring_interval without enhanced monitoring is dropped',
    resources: [{ ...RDS, overrides: { ...RDS.overrides, monitoring_interval: 30 } }],
    check: (j) => {
      expect(j['resource']['aws_db_instance']['db']['apply_immediately']).toBe(false);
      expect(j['resource']['aws_db_instance']['db']).not.toHaveProperty('monitoring_interval');
    },
  },
  {
    fn: 'populate_tf_resource_rds',
    rule: 'single-region account: no provider on the instance or its group',
    resources: [{ ...RDS, parameter_group: 'pg.yml' }],
    files: PG,
    check: (j) => {
      expect(j['resource']['aws_db_instance']['db']).not.toHaveProperty('provider');
      expect(j['resource']['aws_db_parameter_group']['db-pg']).not.toHaveProperty('provider');
    },
  },
  {
    fn: 'populate_tf_resource_rds',
    rule: 'multi-region account: a provider only with region or availability_zone',
    resources: [RDS, { ...RDS, identifier: 'db2', overrides: { ...RDS.overrides, availability_zone: 'us-west-2b' } }],
    multi: true,
    check: (j) => {
      expect(j['resource']['aws_db_instance']['db']).not.toHaveProperty('provider');
      expect(j['resource']['aws_db_instance']['db2']['provider']).toBe('aws.us-west-2');
      expect(j['resource']['aws_db_instance']['db2']['availability_zone']).toBe('us-west-2b');
    },
  },
  {
    fn: 'populate_tf_resource_rds / populate_parameter_group',
    rule: 'parameter group: no tags, no description, <id>-pg, parameters -> parameter; instance depends_on it and names it literally',
    resources: [{ ...RDS, parameter_group: 'pg.yml' }],
    files: PG,
    check: (j) => {
      expect(j['resource']['aws_db_parameter_group']['db-pg']).toEqual({ name: 'db-pg', family: 'postgres15', parameter: [{ name: 'log_connections', value: '1' }] });
      expect(j['resource']['aws_db_instance']['db']).toMatchObject({ parameter_group_name: 'db-pg', depends_on: ['aws_db_parameter_group.db-pg'] });
    },
  },
  {
    fn: 'populate_tf_resource_rds (enhanced_monitoring)',
    rule: 'enhanced-monitoring role untagged, json_dumps policy, partition ARN, interval 60, deps',
    resources: [{ ...RDS, enhanced_monitoring: true }],
    check: (j) => {
      const role = j['resource']['aws_iam_role']['db-enhanced-monitoring'];
      expect(role).toEqual({
        name: 'db-enhanced-monitoring',
        assume_role_policy:
          '{"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "monitoring.rds.amazonaws.com"}}], "Version": "2012-10-17"}',
      });
      expect(j['resource']['aws_iam_role_policy_attachment']['db-enhanced-monitoring']).toEqual({
        role: 'db-enhanced-monitoring',
        policy_arn: 'arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
        depends_on: ['aws_iam_role.db-enhanced-monitoring'],
      });
      const db = j['resource']['aws_db_instance']['db'];
      expect(db).toMatchObject({ monitoring_interval: 60, monitoring_role_arn: '${aws_iam_role.db-enhanced-monitoring.arn}' });
      expect(db['depends_on']).toEqual(['aws_iam_role.db-enhanced-monitoring', 'aws_iam_role_policy_attachment.db-enhanced-monitoring']);
    },
  },
  {
    fn: 'populate_tf_resource_rds (kms_key_id)',
    rule: 'kms_key_id naming a kms resource of the account -> ${aws_kms_key.<id>.arn} and a dependency',
    resources: [{ ...RDS, overrides: { ...RDS.overrides, kms_key_id: 'k' } }, { provider: 'kms', identifier: 'k' }],
    check: (j) => {
      expect(j['resource']['aws_db_instance']['db']['kms_key_id']).toBe('${aws_kms_key.k.arn}');
      expect(j['resource']['aws_db_instance']['db']['depends_on']).toEqual(['aws_kms_key.k']);
    },
  },
  {
    fn: 'populate_tf_resource_elasticache',
    rule: 'transit encryption: auth_token (kept from the state) and sensitive db_auth_token; apply_immediately false; no invented description',
    resources: [{ provider: 'elasticache', identifier: 'r', overrides: { transit_encryption_enabled: true, node_type: 'cache.t4g.micro' } }],
    prior: prior({ 'aws_elasticache_replication_group.r': { auth_token: 'TokenFromState000000' } }),
    check: (j) => {
      const g = j['resource']['aws_elasticache_replication_group']['r'];
      expect(g).toMatchObject({ auth_token: 'TokenFromState000000', apply_immediately: false, replication_group_id: 'r' });
      expect(g).not.toHaveProperty('description');
      expect(j['output']['r-elasticache__db_auth_token']).toEqual({ value: 'TokenFromState000000', sensitive: true });
    },
  },
  {
    fn: 'populate_tf_resource_elasticache',
    rule: 'cluster-enabled=yes -> configuration endpoint; group untagged; suffix on the Terraform name only',
    resources: [{ provider: 'elasticache', identifier: 'r', region: 'us-west-2', parameter_group: 'pg.yml' }],
    files: { 'pg.yml': 'name: p\nfamily: redis7\nparameters:\n  - { name: cluster-enabled, value: "yes" }\n' },
    multi: true,
    check: (j) => {
      expect(j['resource']['aws_elasticache_parameter_group']['p-us-west-2']).toEqual({
        name: 'p',
        family: 'redis7',
        parameter: [{ name: 'cluster-enabled', value: 'yes' }],
        provider: 'aws.us-west-2',
      });
      expect(j['output']['r-elasticache__db_endpoint']['value']).toBe('${aws_elasticache_replication_group.r.configuration_endpoint_address}');
    },
  },
  {
    fn: '_populate_tf_resource_s3_bucket / _build_tf_resource_s3_lifecycle_rules',
    rule: 'versioning -> expire_noncurrent_versions rule; no acl -> ignore_changes grant; force_destroy dropped; default SSE',
    resources: [{ provider: 's3', identifier: 'b', overrides: { force_destroy: true } }],
    check: (j) => {
      const b = j['resource']['aws_s3_bucket']['b'];
      expect(b['lifecycle_rule']).toEqual([
        { id: 'expire_noncurrent_versions', enabled: true, noncurrent_version_expiration: { days: 30 }, expiration: { expired_object_delete_marker: true }, abort_incomplete_multipart_upload_days: 3 },
      ]);
      expect(b['lifecycle']).toEqual({ ignore_changes: ['grant'] });
      expect(b['versioning']).toEqual({ enabled: true });
      expect(b['server_side_encryption_configuration']).toEqual({ rule: { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } } });
      expect(b).not.toHaveProperty('force_destroy');
    },
  },
  {
    fn: '_populate_tf_resource_s3_bucket',
    rule: 'versioning false -> {enabled: false} and no lifecycle rule; acl given -> no ignore_changes',
    resources: [{ provider: 's3', identifier: 'b', overrides: { versioning: false, acl: 'private' } }],
    check: (j) => {
      const b = j['resource']['aws_s3_bucket']['b'];
      expect(b['versioning']).toEqual({ enabled: false });
      expect(b).not.toHaveProperty('lifecycle_rule');
      expect(b).not.toHaveProperty('lifecycle');
      expect(b['acl']).toBe('private');
    },
  },
  {
    fn: '_populate_tf_resource_s3_iam',
    rule: 'the user policy document byte-identical to json_dumps of the reference statements; policy untagged',
    resources: [{ provider: 's3', identifier: 'b', overrides: { acl: 'public-read', allow_object_tagging: true } }],
    check: (j) => {
      const p = j['resource']['aws_iam_policy']['b'];
      expect(p['policy']).toBe(
        '{"Statement": [{"Action": ["s3:ListBucket", "s3:PutBucketCORS"], "Effect": "Allow", "Resource": ["${aws_s3_bucket.b.arn}"], "Sid": "ListObjectsInBucket"}, ' +
          '{"Action": ["s3:*Object*", "s3:PutObjectAcl", "s3:*ObjectTagging"], "Effect": "Allow", "Resource": ["${aws_s3_bucket.b.arn}/*"], "Sid": "AllObjectActions"}], "Version": "2012-10-17"}',
      );
      expect(p).not.toHaveProperty('tags');
      expect(j['resource']['aws_iam_user']['b']['depends_on']).toEqual(['aws_s3_bucket.b']);
    },
  },
  {
    fn: 'get_tf_iam_access_key',
    rule: 'both access key outputs sensitive',
    resources: [{ provider: 'aws-iam-service-account', identifier: 'sa' }],
    check: (j) => {
      expect(j['output']['sa-aws-iam-service-account__aws_access_key_id']).toEqual({ value: '${aws_iam_access_key.sa.id}', sensitive: true });
      expect(j['output']['sa-aws-iam-service-account__aws_secret_access_key']).toEqual({ value: '${aws_iam_access_key.sa.secret}', sensitive: true });
    },
  },
  {
    fn: 'populate_tf_resource_service_account',
    rule: 'variables are outputs only with a user_policy; policy untagged; managed policy ARN in the partition',
    resources: [
      { provider: 'aws-iam-service-account', identifier: 'sa', variables: '{"b": "x"}', policies: ['ReadOnlyAccess'] },
      { provider: 'aws-iam-service-account', identifier: 'sb', variables: '{"b": "x"}', user_policy: '{"Resource": "arn:aws:s3:::${b}"}' },
    ],
    check: (j) => {
      expect(j['output']).not.toHaveProperty('sa-aws-iam-service-account__b');
      expect(j['output']['sb-aws-iam-service-account__b']).toEqual({ value: 'x' });
      expect(j['resource']['aws_iam_policy']['sb']).toEqual({ name: 'sb', policy: '{"Resource": "arn:aws:s3:::x"}', depends_on: ['aws_iam_user.sb'] });
      expect(j['resource']['aws_iam_user_policy_attachment']['sa-ReadOnlyAccess']).toEqual({
        user: 'sa',
        policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        depends_on: ['aws_iam_user.sa'],
      });
    },
  },
  {
    fn: 'populate_tf_resource_role',
    rule: 'sts: prefix on assume_action; json_dumps assume-role policy; role_policy tagged',
    resources: [
      {
        provider: 'aws-iam-role',
        identifier: 'ro',
        assume_role: { Federated: 'arn:aws:iam::1:oidc-provider/x' },
        assume_action: 'AssumeRoleWithWebIdentity',
        role_policy: '{"Statement": []}',
      },
    ],
    check: (j) => {
      const role = j['resource']['aws_iam_role']['ro'];
      expect(role['assume_role_policy']).toBe(
        '{"Statement": [{"Action": "sts:AssumeRoleWithWebIdentity", "Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/x"}}], "Version": "2012-10-17"}',
      );
      expect(j['resource']['aws_iam_policy']['ro']['tags']).toEqual(role['tags']);
    },
  },
  {
    fn: 'populate_tf_resource_kms',
    rule: 'description defaults to "app-interface created KMS key"; key_usage upper-cased; no provider in a single-region account',
    resources: [{ provider: 'kms', identifier: 'k', overrides: { key_usage: 'encrypt_decrypt' } }],
    check: (j) => {
      expect(j['resource']['aws_kms_key']['k']).toMatchObject({ description: 'app-interface created KMS key', key_usage: 'ENCRYPT_DECRYPT' });
      expect(j['resource']['aws_kms_key']['k']).not.toHaveProperty('provider');
      expect(j['resource']['aws_kms_alias']['k']).toEqual({ name: 'alias/k', target_key_id: '${aws_kms_key.k.key_id}' });
    },
  },
];

describe('parity: kinds rds, parameter groups, elasticache, s3, IAM, kms', () => {
  it.each(ROWS)('$fn: $rule', async (row) => {
    row.check(await synth(row.resources, row.files, { ...(row.prior ? { prior: row.prior } : {}), ...(row.multi ? { multi: true } : {}) }));
  });

  it.each([
    ['populate_parameter_group (validate_parameter_group)', { 'pg.yml': 'family: postgres15\nparameters:\n  - { name: rds.logical_replication, value: 1, apply_method: immediate }\n' }, /rds.logical_replication must have apply_method 'pending-reboot'/],
    ['populate_parameter_group (pg_values.pop("parameters"))', { 'pg.yml': 'family: postgres15\n' }, /parameters: required/],
  ])('%s is an input error naming the file', async (_fn, files, message) => {
    await expect(synth([{ ...RDS, parameter_group: 'pg.yml' }], files)).rejects.toThrow(message);
  });

  it('populate_tf_resource_rds: a missing username is an input error (the reference reads values["username"])', async () => {
    await expect(synth([{ provider: 'rds', identifier: 'db', overrides: { instance_class: 'db.t3.micro' } }])).rejects.toThrow(/username is required/);
  });

  it.each([
    [{ b: [1, 'é'], a: { d: null, c: true } }, '{"a": {"c": true, "d": null}, "b": [1, "\\u00e9"]}'],
    ['"\n', '"\\"\\n"'],
  ])('json_dumps (reconcile/utils/json.py) of %j', (value, text) => {
    expect(jsonDumps(value)).toBe(text);
  });
});
