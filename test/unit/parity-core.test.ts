/**
 * The parity core, rule by rule: each row is an input, the reference's output
 * (as read from qontract-reconcile f8dc7d43, the function named in the row),
 * and tfdoctor's output for the same input.
 */
import { describe, expect, it } from 'vitest';
import {
  accountInfo,
  listAccounts,
  GENERATED_SECRET_MARK,
  generateSecret,
  loadInventory,
  needsPriorState,
  priorStateFromRaw,
  recordingSecretGenerator,
  redactValues,
} from '../../src/synth/index.js';
import { account, namespace, writeInventory, type Doc } from './synth-helpers.js';

describe('prior state (the current value of a secret kept across runs)', () => {
  const raw = {
    version: 4,
    terraform_version: '1.11.4',
    serial: 3,
    lineage: 'l',
    outputs: { 'quay-db-rds__db_password': { value: 'current-pw', type: 'string', sensitive: true } },
    resources: [
      { mode: 'managed', type: 'aws_db_instance', name: 'quay-db', provider: 'p', instances: [{ attributes: { password: 'current-pw', id: 'quay-db' } }] },
      { mode: 'data', type: 'aws_canonical_user_id', name: 'current', provider: 'p', instances: [{ attributes: { id: 'x' } }] },
      { module: 'module.m', mode: 'managed', type: 'aws_s3_bucket', name: 'b', provider: 'p', instances: [{ attributes: { bucket: 'in-module' } }] },
      { mode: 'managed', type: 'aws_s3_bucket', name: 'counted', provider: 'p', instances: [{ index_key: 0, attributes: { bucket: 'c0' } }] },
    ],
  };
  it.each([
    ['aws_db_instance.quay-db', { password: 'current-pw', id: 'quay-db' }],
    ['aws_canonical_user_id.current', undefined], // data sources are not managed resources
    ['aws_s3_bucket.b', undefined], // not the root module
    ['aws_s3_bucket.counted', undefined], // count/for_each: not a single `type.name` instance
    ['aws_db_instance.missing', undefined],
  ])('attributes(%s)', (address, expected) => {
    expect(priorStateFromRaw(raw).attributes(address)).toEqual(expected);
  });

  it('root outputs by name (the reference keeps `db.password` from the Secret the output fed)', () => {
    const prior = priorStateFromRaw(raw);
    expect(prior.output('quay-db-rds__db_password')).toBe('current-pw');
    expect(prior.output('nope')).toBeUndefined();
    expect(priorStateFromRaw(undefined).attributes('aws_db_instance.quay-db')).toBeUndefined();
  });

  // TAC `_db_needs_auth` (rds not a replica) and `populate_tf_resource_elasticache`
  // (`transit_encryption_enabled` truthy, Python truthiness).
  it.each<[string, Doc, boolean]>([
    ['rds', { provider: 'rds', identifier: 'db', defaults: 'd.yml' }, true],
    ['rds replica (replica_source)', { provider: 'rds', identifier: 'db', defaults: 'd.yml', overrides: { replica_source: 'other' } }, false],
    ['elasticache with transit encryption', { provider: 'elasticache', identifier: 'ec', defaults: 'e.yml', overrides: { transit_encryption_enabled: true } }, true],
    ['elasticache without', { provider: 'elasticache', identifier: 'ec', defaults: 'e.yml' }, false],
    ['s3', { provider: 's3', identifier: 'bucket-a', defaults: 's.yml' }, false],
  ])('needsPriorState: %s', async (_name, resource, expected) => {
    const { file } = await writeInventory(
      { accounts: [account()], namespaces: [namespace([resource], { managedExternalResources: true })] },
      { 'd.yml': 'engine: postgres\n', 'e.yml': 'engine: redis\n', 's.yml': 'acl: private\n' },
    );
    expect(needsPriorState(await loadInventory(file), 'acct-a')).toBe(expected);
  });

  it('generateSecret: 20 letters and digits (TAC generate_random_password)', () => {
    const a = generateSecret();
    expect(a).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(generateSecret()).not.toBe(a);
  });

  it('a recorded generated secret is replaced wherever it appears, nothing else is', () => {
    const gen = recordingSecretGenerator(() => 'S3cretS3cretS3cret00');
    const pw = gen.generate();
    const json = { resource: { aws_db_instance: { db: { password: pw, username: 'postgres' } } }, output: { x: { value: [pw, 'other'] } } };
    expect(redactValues(json, gen.generated)).toEqual({
      resource: { aws_db_instance: { db: { password: GENERATED_SECRET_MARK, username: 'postgres' } } },
      output: { x: { value: [GENERATED_SECRET_MARK, 'other'] } },
    });
  });
});

type Row = { rule: string; ref: string; input: Doc; files?: Record<string, string>; reference: unknown; tfdoctor: (inv: Awaited<ReturnType<typeof loadInventory>>) => unknown };

async function load(doc: Doc, files: Record<string, string> = {}) {
  const { file } = await writeInventory(doc, files);
  return loadInventory(file);
}

const kms = (extra: Doc = {}): Doc => ({ provider: 'kms', identifier: 'k', ...extra });
const ns = (resources: Doc[], extra: Doc = {}): Doc => namespace(resources, { managedExternalResources: true, ...extra });

describe('which namespaces and specs count', () => {
  const rows: Row[] = [
    { rule: 'managedExternalResources absent: unmanaged', ref: 'external_resources.managed_external_resources', input: { accounts: [account()], namespaces: [namespace([kms()], { managedExternalResources: undefined })] }, reference: 0, tfdoctor: (i) => i.resources.length },
    { rule: 'managedExternalResources: "yes" (truthy)', ref: 'external_resources.managed_external_resources', input: { accounts: [account()], namespaces: [ns([kms()], { managedExternalResources: 'yes' })] }, reference: 1, tfdoctor: (i) => i.resources.length },
    { rule: 'managedExternalResources: false', ref: 'external_resources.managed_external_resources', input: { accounts: [account()], namespaces: [ns([kms()], { managedExternalResources: false })] }, reference: 0, tfdoctor: (i) => i.resources.length },
    { rule: 'namespace delete: true', ref: 'openshift_base.is_namespace_deleted (terraform_resources.filter_tf_namespaces)', input: { accounts: [account()], namespaces: [ns([kms()], { delete: true })] }, reference: 0, tfdoctor: (i) => i.resources.length },
    { rule: 'managed_by_erv2: true', ref: 'TAC._filter_specs_managed_by_erv2', input: { accounts: [account()], namespaces: [ns([kms({ managed_by_erv2: true }), kms({ identifier: 'k2' })])] }, reference: ['k2'], tfdoctor: (i) => i.resources.map((r) => r.identifier) },
    { rule: 'a non-aws provision provider', ref: 'external_resources.get_external_resource_specs(provision_provider="aws")', input: { accounts: [account()], namespaces: [{ ...ns([]), externalResources: [{ provider: 'cloudflare', provisioner: { name: 'x' }, resources: [{ provider: 'zone', identifier: 'z' }] }] }] }, reference: 0, tfdoctor: (i) => i.resources.length },
    { rule: 'account with terraform-resources disabled', ref: 'TAC.filter_disabled_accounts', input: { accounts: [account('acct-a', { disable: { integrations: ['terraform-resources'] } }), account('acct-b')], namespaces: [ns([kms()])] }, reference: { accounts: ['acct-b'], resources: 0 }, tfdoctor: (i) => ({ accounts: listAccounts(i), resources: i.resources.length }) },
  ];
  it.each(rows)('$rule ($ref)', async (row) => {
    expect(row.tfdoctor(await load(row.input, row.files))).toEqual(row.reference);
  });

  it('a spec of an excluded provider is refused, naming the file and key (TAC._filter_specs_managed_by_erv2 raises ProviderExcludedError)', async () => {
    const settings = { terraformResourcesProviderExclusions: [{ provider: 'kms', excludeProvisioners: [{ name: 'acct-a' }] }] };
    await expect(load({ settings, accounts: [account()], namespaces: [ns([kms()])] })).rejects.toThrow(
      /inventory\.yml: namespaces\.0\.externalResources\.0\.resources\.0\.provider: provider kms is not managed by terraform-resources in provisioner acct-a/,
    );
    expect((await load({ settings, accounts: [account()], namespaces: [ns([kms({ managed_by_erv2: true })])] })).resources).toHaveLength(0);
  });

  it('--account on a disabled account is an input error naming its file and key', async () => {
    const inv = await load({ accounts: [account('acct-a', { disable: { integrations: ['terraform-resources'] } })], namespaces: [] });
    expect(() => accountInfo(inv, 'acct-a')).toThrow(/accounts\.0\.disable\.integrations: terraform-resources is disabled for account acct-a/);
  });
});

describe('keys: what reaches the values (init_values, get_values, the GraphQL selection)', () => {
  const rows: Row[] = [
    { rule: '$schema dropped from a defaults file', ref: 'TAC.get_values', input: { accounts: [account()], namespaces: [ns([kms({ defaults: 'k.yml' })])] }, files: { 'k.yml': '$schema: /aws/kms-1.yml\ndescription: d\n' }, reference: { description: 'd', identifier: 'k' }, tfdoctor: (i) => i.resources[0]!.values },
    { rule: 'cloudwatch overrides are not selected', ref: 'terraform_resources_namespaces.gql (NamespaceTerraformResourceCloudWatch_v1)', input: { accounts: [account()], namespaces: [ns([{ provider: 'cloudwatch', identifier: 'lg', overrides: { retention_in_days: 90 } }])] }, reference: { identifier: 'lg' }, tfdoctor: (i) => i.resources[0]!.values },
    { rule: 'rds name -> db_name (provider 5.x)', ref: 'TAC.init_values', input: { accounts: [account()], namespaces: [ns([{ provider: 'rds', identifier: 'db', defaults: 'd.yml' }])] }, files: { 'd.yml': 'name: mydb\nengine: postgres\n' }, reference: { db_name: 'mydb', engine: 'postgres', identifier: 'db' }, tfdoctor: (i) => i.resources[0]!.values },
    { rule: 'rds name kept (provider 3.x)', ref: 'TAC.init_values', input: { accounts: [account('acct-a', { providerVersion: '3.76.1' })], namespaces: [ns([{ provider: 'rds', identifier: 'db', defaults: 'd.yml' }])] }, files: { 'd.yml': 'name: mydb\n' }, reference: { name: 'mydb', identifier: 'db' }, tfdoctor: (i) => i.resources[0]!.values },
    { rule: 'rds db_name dropped with replica_source', ref: 'TAC.init_values', input: { accounts: [account()], namespaces: [ns([{ provider: 'rds', identifier: 'db', defaults: 'd.yml', replica_source: 'primary' }])] }, files: { 'd.yml': 'name: mydb\n' }, reference: { identifier: 'db', replica_source: 'primary' }, tfdoctor: (i) => i.resources[0]!.values },
    {
      rule: 'elasticache legacy keys', ref: 'TAC.init_values', input: { accounts: [account()], namespaces: [ns([{ provider: 'elasticache', identifier: 'ec', defaults: 'e.yml' }])] },
      files: { 'e.yml': 'replication_group_description: d\nnumber_cache_clusters: 2\ncluster_mode: { replicas_per_node_group: 1, num_node_groups: 3 }\navailability_zones: [us-east-1a]\n' },
      reference: { identifier: 'ec', description: 'd', num_cache_clusters: 2, replicas_per_node_group: 1, num_node_groups: 3 }, tfdoctor: (i) => i.resources[0]!.values,
    },
    { rule: 'dotted keys a.b.c -> a.b', ref: 'TAC.aggregate_values', input: { accounts: [account()], namespaces: [ns([kms({ defaults: 'k.yml' })])] }, files: { 'k.yml': 'a.b.c: 1\na.d: 2\n' }, reference: { a: { b: 1, d: 2 }, identifier: 'k' }, tfdoctor: (i) => i.resources[0]!.values },
    { rule: 'tags from defaults and overrides replaced by the spec tags', ref: 'TAC.init_values (values["tags"] = spec.tags())', input: { accounts: [account()], namespaces: [ns([kms({ defaults: 'k.yml', overrides: { tags: { o: '1' } }, tags: '{"costCenter":"7","team":"q"}' })])] }, files: { 'k.yml': 'tags: { d: x }\n' }, reference: { 'cost-center': '7', team: 'q' }, tfdoctor: (i) => i.resources[0]!.values['tags'] },
    { rule: 'asg instance_types in defaults handed to the kind', ref: 'TAC.populate_tf_resource_asg reads values["instance_types"]', input: { accounts: [account()], namespaces: [ns([{ provider: 'asg', identifier: 'w', defaults: 'a.yml', extra_tags: { x: 'y' }, image: [{ provider: 'static', tag_name: 'commit', value: 'abc' }] }])] }, files: { 'a.yml': 'instance_types: [t3.micro, t3.small]\n' }, reference: { instance_types: ['t3.micro', 't3.small'], extra_tags: { x: 'y' } }, tfdoctor: (i) => ({ instance_types: i.resources[0]!.values['instance_types'], extra_tags: i.resources[0]!.values['extra_tags'] }) },
  ];
  it.each(rows)('$rule ($ref)', async (row) => {
    expect(row.tfdoctor(await load(row.input, row.files))).toEqual(row.reference);
  });
});
