/**
 * Acceptance, kinds rds (+ parameter group), s3, aws-iam-service-account,
 * aws-iam-role, kms as the reference writes them: synthesize, apply to the
 * emulator with real terraform and the AWS provider, plan again (no changes);
 * then synthesize the same inventory a second time with the RDS password taken
 * from the applied state (no generator: a new password would be a change) and
 * plan: still no change at all.
 *
 * The parameter group has `parameters: []`: moto reads DB parameter group
 * parameters back empty, so parameters would show as drift here (they are
 * pinned in test/unit/parity-kinds-a.test.ts). ElastiCache is not here: moto
 * does not implement ElastiCache parameter groups (its rules are unit-tested).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init } from '../../src/state/terraform/init.js';
import { applyRecoveringOwnLock } from '../testbed/own-lock.js';
import { plan } from '../../src/state/terraform/plan.js';
import { showState } from '../../src/state/terraform/show.js';
import { accountInfo, loadInventory, synthAccount, writeWorkingDir } from '../../src/synth/index.js';
import type { PriorState } from '../../src/synth/synth-options.js';
import { EMULATOR_BACKEND_CONFIG, prepareBackend, startEmulator, writeEmulatorOverride, type Emulator } from '../testbed/index.js';

let em: Emulator | undefined;
let work: string;
const ACCOUNT = 'parity-a';

const NS = {
  name: 'parity-a',
  // The reference counts a namespace only with a truthy managedExternalResources (managed_external_resources).
  managedExternalResources: true,
  cluster: { name: 'cluster-a' },
  environment: { name: 'test' },
  app: { name: 'tfdoctor' },
  externalResources: [
    {
      provider: 'aws',
      provisioner: { name: ACCOUNT },
      resources: [
        { provider: 'rds', identifier: 'parity-db', defaults: 'rds.yml', parameter_group: 'pg.yml' },
        { provider: 's3', identifier: 'parity-bucket' },
        {
          provider: 'aws-iam-service-account',
          identifier: 'parity-reader',
          policies: ['ReadOnlyAccess'],
          user_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::${bucket}/*'] }] }),
          variables: JSON.stringify({ bucket: 'parity-bucket' }),
        },
        { provider: 'aws-iam-role', identifier: 'parity-role', assume_role: { Service: ['ec2.amazonaws.com'] } },
        { provider: 'kms', identifier: 'parity-key', overrides: { key_usage: 'encrypt_decrypt', deletion_window_in_days: 7 } },
      ],
    },
  ],
};

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(tmpdir(), 'tfdoctor-parity-a-'));
  const account = {
    name: ACCOUNT,
    uid: '123456789012',
    resourcesDefaultRegion: 'us-east-1',
    providerVersion: '5.100.0',
    terraformState: {
      provider: 's3',
      bucket: 'parity-a-tfstate',
      region: 'us-east-1',
      integrations: [{ integration: 'terraform-resources', key: 'qontract-reconcile.tfstate' }],
    },
  };
  await writeFile(path.join(work, 'inventory.yml'), stringify({ accounts: [account], namespaces: [NS] }));
  await writeFile(
    path.join(work, 'rds.yml'),
    stringify({
      engine: 'postgres',
      engine_version: '15.7',
      instance_class: 'db.t3.micro',
      allocated_storage: 20,
      username: 'parity',
      db_name: 'parity',
      skip_final_snapshot: true,
    }),
  );
  await writeFile(path.join(work, 'pg.yml'), stringify({ name: 'parity-db-pg', family: 'postgres15', parameters: [] }));
}, 120_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

function priorFrom(state: Awaited<ReturnType<typeof showState>>): PriorState {
  const values = (state.values ?? {}) as { root_module?: { resources?: { address: string; values?: Record<string, unknown> }[] }; outputs?: Record<string, { value?: unknown }> };
  const byAddress = new Map((values.root_module?.resources ?? []).map((r) => [r.address, r.values ?? {}]));
  return { attributes: (a) => byAddress.get(a), output: (n) => values.outputs?.[n]?.value };
}

describe('kinds rds, s3, IAM, kms as the reference writes them, against the emulator', () => {
  it('apply, plan clean; a second synth with the password from the state plans no change', async () => {
    if (!em) throw new Error('emulator not started');
    const inv = await loadInventory(path.join(work, 'inventory.yml'));
    const dir = path.join(work, 'wd');
    const first = synthAccount(inv, ACCOUNT);
    const password = (first.json as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource['aws_db_instance']!['parity-db']!['password'];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    await writeWorkingDir(first, dir);
    await writeEmulatorOverride(dir);
    const b = accountInfo(inv, ACCOUNT).backend;
    await prepareBackend(em, { bucket: b.bucket, region: b.region });
    const tf = { bin: process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform', cwd: dir, env: em.env, timeoutMs: 240_000 };
    await init(tf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });

    const applied = await applyRecoveringOwnLock(tf);
    expect(applied.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`)).toEqual([]);
    expect(applied.exitCode, applied.stderr).toBe(0);

    const again = await plan(tf, { out: 'again.tfplan' });
    expect(again.messages.filter((m) => m.type === 'planned_change')).toEqual([]);
    expect(again.exitCode, again.stderr).toBe(0);

    // Second synth: no generator, the password comes from the state only.
    const prior = priorFrom(await showState(tf));
    expect(prior.output('parity-db-rds__db_password')).toBe(password);
    const second = synthAccount(inv, ACCOUNT, {
      priorState: prior,
      generatePassword: () => {
        throw new Error('an instance in the state must keep its password');
      },
    });
    await writeWorkingDir(second, dir);
    await writeEmulatorOverride(dir);
    const third = await plan(tf, { out: 'third.tfplan' });
    expect(third.messages.filter((m) => m.type === 'planned_change')).toEqual([]);
    expect(third.exitCode, third.stderr).toBe(0);
  }, 300_000);
});
