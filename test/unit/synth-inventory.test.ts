/**
 * Bad inventories: each is an InputError whose message names the file and the
 * path inside it (contracts §1), and carries them as fields.
 */
import { symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { accountInfo, loadInventory, synthAccount } from '../../src/synth/index.js';
import { account, namespace, writeInventory, type Doc } from './synth-helpers.js';

async function loadError(doc: Doc | string, files: Record<string, string> = {}): Promise<{ err: InputError; file: string; dir: string }> {
  const { file, dir } = await writeInventory(doc, files);
  const err = await loadInventory(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`);
  return { err, file, dir };
}

const R = 'namespaces.0.externalResources.0.resources';

describe('loadInventory: bad input names the file and the path', () => {
  it('unknown kind lists the supported kinds', async () => {
    const { err, file } = await loadError({ accounts: [account()], namespaces: [namespace([{ provider: 'rdss', identifier: 'x' }])] });
    expect(err.message).toContain(`${file}: ${R}.0.provider: unknown kind "rdss"; supported: rds, s3, elasticache,`);
    expect(err.file).toBe(file);
    expect(err.path).toEqual(['namespaces', 0, 'externalResources', 0, 'resources', 0, 'provider']);
  });

  it('missing defaults file', async () => {
    const { err, file } = await loadError({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'rds', identifier: 'db', defaults: 'resources/rds/missing.yml' }])],
    });
    expect(err.message).toMatch(new RegExp(`^${escape(file)}: ${escape(R)}\\.0\\.defaults: defaults file not found: .*resources/rds/missing\\.yml`));
  });

  it('a defaults path leaving the inventory folder is refused', async () => {
    const { err, file } = await loadError({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'kms', identifier: 'k', defaults: '../../etc/passwd' }])],
    });
    expect(err.message).toContain(`${file}: ${R}.0.defaults: "../../etc/passwd" points outside the inventory folder`);
  });

  it('a defaults symlink leading out of the inventory folder is refused', async () => {
    const { file, dir } = await writeInventory({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'kms', identifier: 'k', defaults: 'link.yml' }])],
    });
    const outside = await writeInventory('description: secret\n');
    await symlink(outside.file, path.join(dir, 'link.yml'));
    const err = await loadInventory(file).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toContain(`${file}: ${R}.0.defaults: "link.yml" leads (through a symlink) outside the inventory folder`);
  });

  it('duplicate output_resource_name in a namespace', async () => {
    const { err, file } = await loadError({
      accounts: [account()],
      namespaces: [
        namespace([
          { provider: 's3', identifier: 'a', output_resource_name: 'creds' },
          { provider: 'kms', identifier: 'b', output_resource_name: 'creds' },
        ]),
      ],
    });
    expect(err.message).toContain(`${file}: ${R}.1.output_resource_name: duplicate output_resource_name "creds" in namespace ns-a`);
  });

  it('the default output_resource_name (<id>-<kind>) counts as a duplicate too', async () => {
    const { err } = await loadError({
      accounts: [account()],
      namespaces: [namespace([{ provider: 's3', identifier: 'a' }, { provider: 'kms', identifier: 'k', output_resource_name: 'a-s3' }])],
    });
    expect(err.message).toContain('duplicate output_resource_name "a-s3"');
  });

  it('unknown account in a provisioner lists the known ones', async () => {
    const { err, file } = await loadError({
      accounts: [account('acct-a'), account('acct-b')],
      namespaces: [namespace([{ provider: 's3', identifier: 'a' }], {}, 'acct-c')],
    });
    expect(err.message).toBe(`${file}: namespaces.0.externalResources.0.provisioner.name: unknown account "acct-c"; known: acct-a, acct-b`);
  });

  it('malformed YAML gives line and column', async () => {
    const { err, file } = await loadError('accounts:\n  - name: [a\nnamespaces: []\n');
    expect(err.message).toMatch(new RegExp(`^${escape(file)}: malformed YAML/JSON: line \\d+, column \\d+: `));
  });

  it('malformed YAML in a defaults file names that file', async () => {
    const { err } = await loadError(
      { accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k', defaults: 'kms.yml' }])] },
      { 'kms.yml': 'description: [x\n' },
    );
    expect(err.message).toMatch(/kms\.yml: malformed YAML\/JSON: line \d+, column \d+/);
  });

  it('a repeated key is an error, not a silent last-wins', async () => {
    const { err } = await loadError('accounts: []\naccounts: []\n');
    expect(err.message).toContain('malformed YAML/JSON');
  });

  it('overrides as a JSON string that is not JSON', async () => {
    const { err, file } = await loadError({ accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k', overrides: '{nope' }])] });
    expect(err.message).toContain(`${file}: ${R}.0.overrides: not valid JSON`);
  });

  it('a key the reconciler does not select (a typo too) is dropped with a warning naming the file and path, not an error', async () => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k', overide: {} }])] });
    const inv = await loadInventory(file);
    expect(inv.warnings).toEqual([`${file}: ${R}.0: ignored "overide": the reconciler's GraphQL query does not select this key for kms`]);
    expect(inv.resources[0]!.values).not.toHaveProperty('overide');
  });

  it('an identifier that cannot be a Terraform name', async () => {
    const { err, file } = await loadError({ accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k${x}' }])] });
    expect(err.message).toContain(`${file}: ${R}.0.identifier: must start with a letter`);
  });

  it('an asg image ref that is not a commit sha', async () => {
    const { err, file } = await loadError({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'asg', identifier: 'w', image: [{ provider: 'git', tag_name: 'commit', url: 'https://x.example/r', ref: 'main' }] }])],
    });
    expect(err.message).toContain(`${file}: ${R}.0.image.0.ref: a 40-hex commit sha`);
  });

  it('an account defined twice', async () => {
    const { err, file } = await loadError({ accounts: [account(), account()], namespaces: [] });
    expect(err.message).toContain(`${file}: accounts.1: account "acct-a" is defined twice`);
  });
});

describe('account errors', () => {
  it('unknown --account lists the known accounts', async () => {
    const { file } = await writeInventory({ accounts: [account('acct-a'), account('acct-b')], namespaces: [] });
    const inv = await loadInventory(file);
    expect(() => synthAccount(inv, 'nope')).toThrow(`${file}: accounts: unknown account "nope"; known: acct-a, acct-b`);
  });

  it('missing terraformState bucket: "No bucket config found for account ..."', async () => {
    const acc = account('acct-a');
    (acc['terraformState'] as Doc)['bucket'] = undefined;
    const { file } = await writeInventory({ accounts: [acc], namespaces: [] });
    const inv = await loadInventory(file);
    expect(() => accountInfo(inv, 'acct-a')).toThrow(`${file}: accounts.0.terraformState: No bucket config found for account acct-a (missing bucket)`);
  });

  it('no terraform-resources integration key is the same error', async () => {
    const { file } = await writeInventory({
      accounts: [account('acct-a', { terraformState: { provider: 's3', bucket: 'b', region: 'us-east-1', integrations: [] } })],
      namespaces: [],
    });
    const inv = await loadInventory(file);
    expect(() => synthAccount(inv, 'acct-a')).toThrow('No bucket config found for account acct-a (missing integrations[terraform-resources].key)');
  });
});

describe('synthesis errors name where the value came from', () => {
  it('an unknown attribute in a defaults file names that file and key', async () => {
    const { file } = await writeInventory(
      { accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k', defaults: 'kms.yml' }])] },
      { 'kms.yml': 'description: x\nkey_usagee: ENCRYPT_DECRYPT\n' },
    );
    const inv = await loadInventory(file);
    expect(() => synthAccount(inv, 'acct-a')).toThrow(/kms\.yml: key_usagee: unknown attribute "key_usagee" for aws_kms_key \(kind kms\)/);
  });

  it('a meta-argument from overrides is refused (no depends_on/provisioner injection)', async () => {
    const { file } = await writeInventory({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'kms', identifier: 'k', overrides: { provisioner: { 'local-exec': { command: 'id' } } } }])],
    });
    const inv = await loadInventory(file);
    expect(() => synthAccount(inv, 'acct-a')).toThrow(`${file}: ${R}.0.overrides.provisioner: unknown attribute "provisioner"`);
  });

  it('method names of the cdktf class are not attributes (to_terraform, fqn)', async () => {
    for (const key of ['to_terraform', 'fqn']) {
      const { file } = await writeInventory({
        accounts: [account()],
        namespaces: [namespace([{ provider: 'kms', identifier: 'k', overrides: { [key]: 'x' } }])],
      });
      const inv = await loadInventory(file);
      expect(() => synthAccount(inv, 'acct-a')).toThrow(`${file}: ${R}.0.overrides.${key}: unknown attribute "${key}" for aws_kms_key`);
    }
  });

  it('a region outside supportedDeploymentRegions', async () => {
    const { file } = await writeInventory({ accounts: [account()], namespaces: [namespace([{ provider: 'kms', identifier: 'k', region: 'eu-west-1' }])] });
    const inv = await loadInventory(file);
    expect(() => synthAccount(inv, 'acct-a')).toThrow(`${file}: ${R}.0.region: region eu-west-1 is neither the account's resourcesDefaultRegion (us-east-1) nor in its supportedDeploymentRegions (none)`);
  });

  it('two resources at one Terraform address', async () => {
    const { file } = await writeInventory({
      accounts: [account()],
      namespaces: [
        namespace([{ provider: 's3', identifier: 'shared' }]),
        namespace([{ provider: 'aws-iam-service-account', identifier: 'shared' }], { name: 'ns-b' }),
      ],
    });
    const inv = await loadInventory(file);
    expect(() => synthAccount(inv, 'acct-a')).toThrow(`${file}: namespaces.1.externalResources.0.resources.0: aws_iam_user.shared would be declared twice (also by ${file}: ${R}.0)`);
  });

  it('a clear-text rds password is refused', async () => {
    const { file } = await writeInventory({
      accounts: [account()],
      namespaces: [namespace([{ provider: 'rds', identifier: 'db', overrides: { instance_class: 'db.t3.micro', password: 'hunter2' } }])],
    });
    const inv = await loadInventory(file);
    expect(() => synthAccount(inv, 'acct-a')).toThrow(`${file}: ${R}.0.overrides.password: a clear-text password is not accepted`);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
