/** synthAccount on small inventories: providers, regions, backend, tags, outputs, escaping, skipping. */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountInfo, loadInventory, synthAccount, writeWorkingDir } from '../../src/synth/index.js';
import { account, namespace, writeInventory, type Doc } from './synth-helpers.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function synth(doc: Doc, files: Record<string, string> = {}, name = 'acct-a'): Promise<Json> {
  const { file } = await writeInventory(doc, files);
  return synthAccount(await loadInventory(file), name).json as Json;
}

describe('providers and backend', () => {
  it('default provider for resourcesDefaultRegion, one aliased provider per supported region, version pinned', async () => {
    const json = await synth({
      accounts: [account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'], providerVersion: '5.99.1' })],
      namespaces: [],
    });
    const providers = json['provider']['aws'] as Json[];
    expect(providers.map((p) => [p['alias'], p['region'], p['skip_region_validation']])).toEqual([
      [undefined, 'us-east-1', true],
      ['us-east-1', 'us-east-1', true],
      ['us-west-2', 'us-west-2', true],
    ]);
    expect(providers[0]!['default_tags']).toEqual([{ tags: { managed_by_integration: 'terraform_resources' } }]);
    expect(json['terraform']['required_providers']['aws']).toEqual({ source: 'hashicorp/aws', version: '5.99.1' });
  });

  it('s3 backend with the terraform-resources key; dynamodb_table only with a lockTable', async () => {
    const plain = await synth({ accounts: [account()], namespaces: [] });
    expect(plain['terraform']['backend']).toEqual({ s3: { bucket: 'acct-a-tfstate', key: 'qontract-reconcile.tfstate', region: 'us-east-1' } });
    const locked = account();
    (locked['terraformState'] as Doc)['lockTable'] = 'locks';
    const { file } = await writeInventory({ accounts: [locked], namespaces: [] });
    expect(accountInfo(await loadInventory(file), 'acct-a').backend).toEqual({
      bucket: 'acct-a-tfstate',
      key: 'qontract-reconcile.tfstate',
      region: 'us-east-1',
      dynamodb_table: 'locks',
    });
  });

  it('records the account under the top-level "//" and adds no emulator settings', async () => {
    const json = await synth({ accounts: [account()], namespaces: [] });
    expect(json['//']).toEqual({ tfdoctor: { account: { name: 'acct-a', uid: '123456789012' }, images: {} } });
    expect(JSON.stringify(json)).not.toMatch(/endpoint|skip_credentials_validation|use_path_style/);
  });
});

describe('regions', () => {
  const doc = (resources: Doc[]) => ({
    accounts: [account('acct-a', { supportedDeploymentRegions: ['us-east-1', 'us-west-2'] })],
    namespaces: [namespace(resources)],
  });

  it('regional resources take the aliased provider, IAM stays on the default one', async () => {
    const json = await synth(doc([{ provider: 's3', identifier: 'b', region: 'us-west-2' }, { provider: 'kms', identifier: 'k' }]));
    expect(json['resource']['aws_s3_bucket']['b']['provider']).toBe('aws.us-west-2');
    expect(json['resource']['aws_kms_key']['k']['provider']).toBe('aws.us-east-1');
    expect(json['resource']['aws_iam_user']['b']['provider']).toBeUndefined();
    expect(json['output']['b-s3__aws_region']['value']).toBe('us-west-2');
  });

  it('an elasticache parameter group outside the default region is suffixed with the region', async () => {
    const json = await synth(
      doc([{ provider: 'elasticache', identifier: 'r', region: 'us-west-2', parameter_group: 'pg.yml' }]),
      { 'pg.yml': 'name: redis-params\nfamily: redis7\nparameters:\n  - { name: maxmemory-policy, value: allkeys-lru }\n' },
    );
    const pg = json['resource']['aws_elasticache_parameter_group'];
    expect(Object.keys(pg)).toEqual(['redis-params-us-west-2']);
    expect(pg['redis-params-us-west-2']['name']).toBe('redis-params-us-west-2');
    expect(json['resource']['aws_elasticache_replication_group']['r']['depends_on']).toEqual(['aws_elasticache_parameter_group.redis-params-us-west-2']);
  });
});

describe('kinds', () => {
  it('rds: parameter group named by the file, parameters as blocks, managed master password, no password output', async () => {
    const json = await synth(
      {
        accounts: [account()],
        namespaces: [namespace([{ provider: 'rds', identifier: 'db', defaults: 'd.yml', parameter_group: 'pg.yml', overrides: { instance_class: 'db.t3.micro' } }])],
      },
      { 'd.yml': 'engine: postgres\ninstance_class: db.m5.large\nusername: u\n', 'pg.yml': 'family: postgres15\nparameters:\n  - { name: a, value: 1 }\n' },
    );
    const pg = json['resource']['aws_db_parameter_group']['db-pg'];
    expect(pg).toMatchObject({ name: 'db-pg', family: 'postgres15', parameter: [{ name: 'a', value: '1' }] });
    const db = json['resource']['aws_db_instance']['db'];
    expect(db).toMatchObject({ identifier: 'db', instance_class: 'db.t3.micro', engine: 'postgres', manage_master_user_password: true });
    expect(db['parameter_group_name']).toBe('${aws_db_parameter_group.db-pg.name}');
    expect(db).not.toHaveProperty('password');
    expect(Object.keys(json['output']).filter((k) => k.startsWith('db-rds__db_'))).toEqual([
      'db-rds__db_host',
      'db-rds__db_port',
      'db-rds__db_name',
      'db-rds__db_user',
      'db-rds__db_master_user_secret_arn',
    ]);
  });

  it('the secret access key output is sensitive, the key id is not; qrtf_* metadata outputs exist', async () => {
    const json = await synth({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'cloudwatch', identifier: 'logs', output_resource_name: 'logs-creds', annotations: { a: 'b' } }])],
    });
    const out = json['output'];
    expect(out['logs-cloudwatch__aws_secret_access_key']).toEqual({ value: '${aws_iam_access_key.logs.secret}', sensitive: true });
    expect(out['logs-cloudwatch__aws_access_key_id']).toEqual({ value: '${aws_iam_access_key.logs.id}' });
    expect(out['logs-cloudwatch__qrtf_output_resource_name']['value']).toBe('logs-creds');
    expect(out['logs-cloudwatch__qrtf_resource']['value']).toBe('cloudwatch');
    expect(Buffer.from(out['logs-cloudwatch__qrtf_annotations']['value'] as string, 'base64').toString()).toBe('{"a":"b"}');
    expect(json['resource']['aws_cloudwatch_log_group']['logs']['retention_in_days']).toBe(14);
  });

  it('asg: data aws_ami filtered by the image tag, launch template uses it, image recorded under "//"', async () => {
    const sha = 'a'.repeat(40);
    const json = await synth(
      {
        accounts: [account()],
        namespaces: [
          namespace([
            { provider: 'asg', identifier: 'w', defaults: 'w.yml', image: [{ provider: 'git', tag_name: 'commit', url: 'https://git.example/r', ref: sha }] },
          ]),
        ],
      },
      { 'w.yml': 'instance_type: t3.micro\nmin_size: 0\nmax_size: 2\navailability_zones: [us-east-1a]\n' },
    );
    expect(json['data']['aws_ami']['w']).toEqual({ owners: ['self'], most_recent: true, filter: [{ name: 'tag:commit', values: [sha] }] });
    expect(json['resource']['aws_launch_template']['w']).toMatchObject({ image_id: '${data.aws_ami.w.id}', instance_type: 't3.micro' });
    expect(json['resource']['aws_autoscaling_group']['w']).toMatchObject({ min_size: 0, max_size: 2, availability_zones: ['us-east-1a'] });
    expect(json['//']['tfdoctor']['images']).toEqual({ 'data.aws_ami.w': { tag_name: 'commit', commit: sha, url: 'https://git.example/r', region: 'us-east-1' } });
  });
});

describe('values from defaults files', () => {
  it('a parameter_group path inside the defaults file is read (app-interface style, from the inventory root)', async () => {
    const json = await synth(
      { accounts: [account()], namespaces: [namespace([{ provider: 'rds', identifier: 'db', defaults: 'rds/d.yml' }])] },
      { 'rds/d.yml': 'instance_class: db.t3.micro\nparameter_group: /rds/pg.yml\n', 'rds/pg.yml': 'name: shared-pg\nfamily: postgres15\n' },
    );
    expect(Object.keys(json['resource']['aws_db_parameter_group'])).toEqual(['shared-pg']);
    expect(json['resource']['aws_db_instance']['db']).not.toHaveProperty('parameter_group');
  });

  it("numeric tag values in the spec's tags (a JSON string, as app-interface gives) become strings; a defaults file's tags are ignored", async () => {
    const json = await synth(
      {
        accounts: [account()],
        namespaces: [namespace([{ provider: 'kms', identifier: 'k', defaults: 'k.yml', tags: '{"cost":700,"critical":true}' }])],
      },
      { 'k.yml': 'tags: { from-defaults: x }\n' },
    );
    expect(json['resource']['aws_kms_key']['k']['tags']).toMatchObject({ cost: '700', critical: 'true' });
    expect(json['resource']['aws_kms_key']['k']['tags']).not.toHaveProperty('from-defaults');
  });

  it('spec tags that are not a mapping are an error naming the inventory file and the key', async () => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k', tags: '["a","b"]' }])] });
    await expect(loadInventory(file)).rejects.toThrow(/inventory\.yml: namespaces\.0\.externalResources\.0\.resources\.0\.tags: tags must be a mapping/);
  });
});

describe('input never becomes a Terraform expression', () => {
  it('${...} and %{...} in tags and values are written as literals', async () => {
    const json = await synth(
      {
        accounts: [account()],
        namespaces: [namespace([{ provider: 'kms', identifier: 'k', defaults: 'k.yml', tags: { owner: '${file("/etc/passwd")}' } }])],
      },
      { 'k.yml': 'description: "%{ if true }x%{ endif }"\n' },
    );
    const key = json['resource']['aws_kms_key']['k'];
    expect(key['tags']['owner']).toBe('$${file("/etc/passwd")}');
    expect(key['description']).toBe('%%{ if true }x%%{ endif }');
  });
});

describe('stack traces', () => {
  it('errors thrown during synthesis keep their stack (only cdktf token traces are skipped)', async () => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k', region: 'eu-west-1' }])] });
    const inv = await loadInventory(file);
    const before = Error.captureStackTrace;
    const err = (() => {
      try {
        synthAccount(inv, 'acct-a');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.stack).toMatch(/\n\s+at /);
    expect(Error.captureStackTrace).toBe(before);
  });
});

describe('namespaces skipped as the reference does', () => {
  it('delete: true and managedExternalResources: false add nothing', async () => {
    const json = await synth({
      accounts: [account()],
      namespaces: [
        namespace([{ provider: 'kms', identifier: 'kept' }]),
        namespace([{ provider: 'kms', identifier: 'deleted' }], { name: 'ns-del', delete: true }),
        namespace([{ provider: 'kms', identifier: 'unmanaged' }], { name: 'ns-unm', managedExternalResources: false }),
      ],
    });
    expect(Object.keys(json['resource']['aws_kms_key'])).toEqual(['kept']);
  });

  it("only the requested account's resources", async () => {
    const json = await synth({
      accounts: [account('acct-a'), account('acct-b')],
      namespaces: [namespace([{ provider: 'kms', identifier: 'a-key' }]), namespace([{ provider: 'kms', identifier: 'b-key' }], { name: 'ns-b' }, 'acct-b')],
    }, {}, 'acct-b');
    expect(Object.keys(json['resource']['aws_kms_key'])).toEqual(['b-key']);
  });
});

describe('folders of inventory files', () => {
  it('concatenates the documents of a folder (not its subfolders)', async () => {
    const { dir } = await writeInventory({ accounts: [account()] }, { 'resources/ignored.yml': 'not: an inventory\n' });
    await writeFile(path.join(dir, 'namespaces.json'), JSON.stringify({ namespaces: [namespace([{ provider: 'kms', identifier: 'k' }])] }));
    const inv = await loadInventory(dir);
    expect(inv.resources.map((r) => r.identifier)).toEqual(['k']);
  });
});

describe('writeWorkingDir', () => {
  it('writes only main.tf.json, complete', async () => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k' }])] });
    const cfg = synthAccount(await loadInventory(file), 'acct-a');
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tfdoctor-wd-')), 'acct-a');
    await writeWorkingDir(cfg, dir);
    expect(await readdir(dir)).toEqual(['main.tf.json']);
    expect(JSON.parse(await readFile(path.join(dir, 'main.tf.json'), 'utf8'))).toEqual(cfg.json);
  });

  it('a failed write leaves nothing behind', async () => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [] });
    const cfg = synthAccount(await loadInventory(file), 'acct-a');
    const dir = await mkdtemp(path.join(tmpdir(), 'tfdoctor-wd-'));
    // main.tf.json is a folder: the rename must fail.
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.join(dir, 'main.tf.json', 'x'), { recursive: true });
    await expect(writeWorkingDir(cfg, dir)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['main.tf.json']);
  });
});
