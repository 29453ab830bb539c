/**
 * The runner against real terraform 1.11 + the real AWS provider + moto: one
 * emulator and one working dir for the whole file (S3 backend + DynamoDB lock).
 * Tests run in order and build on each other's state.
 */
import { GetUserCommand } from '@aws-sdk/client-iam';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownLostLockId } from '../../src/doctor/lock-info.js';
import { EXTRACT } from '../../src/doctor/patterns.js';
import { EnvironmentError, TerraformExitError } from '../../src/errors.js';
import {
  init, output, plan, readPlanFileState, showPlan, showState, stateList, statePull, version, writeCliConfig, type TerraformContext,
} from '../../src/state/index.js';
import { apply } from '../../src/state/terraform/mutating/apply.js';
import { forceUnlock } from '../../src/state/terraform/mutating/force-unlock.js';
import { importResource } from '../../src/state/terraform/mutating/import.js';
import { stateMv } from '../../src/state/terraform/mutating/state-mv.js';
import { statePush, statePushRaw } from '../../src/state/terraform/mutating/state-push.js';
import { stateRm } from '../../src/state/terraform/mutating/state-rm.js';
import {
  EMULATOR_BACKEND_CONFIG, holdLock, iamClient, prepareBackend, readLock, SAMPLE, startEmulator, writeEmulatorOverride, writeSampleConfig,
  type Emulator,
} from '../testbed/index.js';
import { retryOwnLostLock } from '../testbed/own-lock.js';

const BACKEND = { bucket: 'runner-tfstate', key: 'runner/terraform.tfstate', region: 'us-east-1', dynamodb_table: 'runner-locks' };
const LOCK = { table: BACKEND.dynamodb_table, bucket: BACKEND.bucket, key: BACKEND.key };
const PG = `aws_db_parameter_group.${SAMPLE.paramGroup}`;
const BUCKET = `aws_s3_bucket.${SAMPLE.bucket}`;
const USER = `aws_iam_user.${SAMPLE.user}`;

let em: Emulator;
let work: string;
let dir: string;
let tf: TerraformContext;

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(path.join(os.tmpdir(), 'tfdoctor-runner-'));
  dir = path.join(work, 'account');
  await prepareBackend(em, { bucket: BACKEND.bucket, region: BACKEND.region, lockTable: BACKEND.dynamodb_table });
  await writeSampleConfig(dir, { backend: BACKEND });
  await writeEmulatorOverride(dir);
  tf = { bin: 'terraform', cwd: dir, env: em.env, timeoutMs: 120_000 };
  await init(tf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
});

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Processes whose process group is `pgid` (terraform's children stay in its group). */
async function groupMembers(pgid: number): Promise<string[]> {
  const out: string[] = [];
  for (const p of await readdir('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) out.push(`${p} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`);
  }
  return out;
}

describe('runner against terraform + aws provider + moto', () => {
  it('version: 1.11+ with the mirrored aws provider selected after init', async () => {
    const v = await version(tf);
    expect(v.isOpenTofu).toBe(false);
    expect(v.version).toMatch(/^1\.\d+\.\d+/);
    expect(v.providerSelections['registry.terraform.io/hashicorp/aws']).toBe('5.100.0');
  });

  it('plan before apply: exit 2, three creates, a plan file show -json can read', async () => {
    const run = await plan(tf, { out: 'first.tfplan' });
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.hasChanges).toBe(true);
    expect(run.planFile).toBe(path.join(dir, 'first.tfplan'));
    const json = await showPlan(tf, run.planFile!);
    expect(json.resource_changes?.map((r) => [r.address, r.change.actions.join()]).sort()).toEqual([[PG, 'create'], [USER, 'create'], [BUCKET, 'create']]);
    expect(run.messages.some((m) => m.type === 'change_summary' && m.changes?.add === 3)).toBe(true);
  });

  it('apply: exit 0, state holds the three resources', async () => {
    const run = await retryOwnLostLock(tf, 'OperationTypeApply', () => apply(tf));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect((await stateList(tf)).sort()).toEqual([PG, USER, BUCKET]);
    const snap = await statePull(tf);
    expect(snap.state.serial).toBeGreaterThanOrEqual(1);
    expect(snap.sha256).toMatch(/^[0-9a-f]{64}$/);
    const shown = await showState(tf);
    expect(shown.values?.root_module?.resources?.map((r) => r.address).sort()).toEqual([PG, USER, BUCKET]);
    expect(await output(tf)).toEqual({});
  });

  it('plan after apply: exit 0; the plan file carries the same lineage and serial as state pull', async () => {
    const run = await plan(tf, { out: 'clean.tfplan' });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.hasChanges).toBe(false);
    const fromPlan = await readPlanFileState(run.planFile!);
    const pulled = await statePull(tf);
    expect(fromPlan.state.lineage).toBe(pulled.state.lineage);
    expect(fromPlan.state.serial).toBe(pulled.state.serial);
  });

  it('plan with lockAttemptLine: the ID of the lock it wrote, from its core log; nothing of the log on stderr', async () => {
    const run = await plan(tf, { lockAttemptLine: EXTRACT.backendLockAttempt.re });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.attemptedLockIds.length, run.stderr).toBeGreaterThanOrEqual(1);
    for (const id of run.attemptedLockIds) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(run.stderr).not.toMatch(/\[(INFO|TRACE|DEBUG)\]/);
    expect(await readLock(em, LOCK)).toBeUndefined();
  });

  it('plan with a config error: exit 1 is returned with the diagnostics, not thrown', async () => {
    const broken = path.join(dir, 'broken.tf.json');
    await writeFile(broken, JSON.stringify({ output: { x: { value: '${aws_s3_bucket.does_not_exist.id}' } } }));
    try {
      const run = await plan(tf, { out: 'broken.tfplan' });
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.hasChanges).toBe(false);
      expect(run.diagnostics.map((d) => d.summary)).toContain('Reference to undeclared resource');
      expect(run.planFile).toBeUndefined();
    } finally {
      await rm(broken, { force: true });
    }
  });

  it('state rm forgets the user (it still exists), import adopts it again', async () => {
    const before = await statePull(tf);
    await retryOwnLostLock(tf, 'state-rm', () => stateRm(tf, [USER]));
    expect(await stateList(tf)).not.toContain(USER);
    const after = await statePull(tf);
    expect(after.state.serial).toBe(before.state.serial + 1);
    expect(after.state.lineage).toBe(before.state.lineage);
    const user = await iamClient(em).send(new GetUserCommand({ UserName: SAMPLE.user }));
    expect(user.User?.UserName).toBe(SAMPLE.user);

    await importResource(tf, USER, SAMPLE.user);
    expect(await stateList(tf)).toContain(USER);
  });

  it('state mv renames an address in state and back', async () => {
    await retryOwnLostLock(tf, 'state-mv', () => stateMv(tf, PG, `${PG}-moved`));
    expect(await stateList(tf)).toEqual(expect.arrayContaining([`${PG}-moved`]));
    expect(await stateList(tf)).not.toContain(PG);
    await retryOwnLostLock(tf, 'state-mv', () => stateMv(tf, `${PG}-moved`, PG));
    expect((await stateList(tf)).sort()).toEqual([PG, USER, BUCKET]);
  });

  it('state push: a foreign lineage is refused; a newer serial of the same lineage replaces the state', async () => {
    const orig = await statePull(tf);
    const file = path.join(work, 'push.tfstate');

    await writeFile(file, JSON.stringify({ ...orig.state, lineage: '00000000-0000-0000-0000-000000000000', serial: orig.state.serial + 5 }));
    const err = await statePush(tf, file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerraformExitError);
    expect((err as TerraformExitError).stderr).toMatch(/lineage/i);
    expect((await statePull(tf)).state.lineage).toBe(orig.state.lineage);

    const withoutBucket = { ...orig.state, serial: orig.state.serial + 1, resources: orig.state.resources.filter((r) => r.type !== 'aws_s3_bucket') };
    await writeFile(file, JSON.stringify(withoutBucket));
    await retryOwnLostLock(tf, 'state-push', () => statePush(tf, file));
    expect(await stateList(tf)).not.toContain(BUCKET);

    // The S3 backend bumps the serial again when it persists a changed state
    // (1.11.4), so the restore must go over what is stored now, not orig + 2.
    const now = await statePull(tf);
    expect(now.state.serial).toBeGreaterThan(orig.state.serial);
    await retryOwnLostLock(tf, 'state-push', () => statePushRaw(tf, JSON.stringify({ ...orig.state, serial: now.state.serial + 1 })));
    const back = await statePull(tf);
    expect(back.state.serial).toBeGreaterThan(now.state.serial);
    expect((await stateList(tf)).sort()).toEqual([PG, USER, BUCKET]);
  });

  it('a held lock fails the plan (exit 1, Lock Info); force-unlock releases it', async () => {
    const id = await holdLock(em, { ...LOCK, who: 'bob@ci', created: new Date(Date.now() - 3 * 3600_000) });
    const run = await plan(tf, { lockTimeout: '1s' });
    expect(run.exitCode, run.stderr).toBe(1);
    const d = run.diagnostics.find((x) => x.summary === 'Error acquiring the state lock');
    expect(d?.detail).toContain(`ID:        ${id}`);
    expect(d?.detail).toContain('Who:       bob@ci');
    expect((await readLock(em, LOCK))?.['ID']).toBe(id);
    // Someone else's lock is never taken for the plan's own lost write.
    const traced = await plan(tf, { lockTimeout: '1s', lockAttemptLine: EXTRACT.backendLockAttempt.re });
    const held = traced.diagnostics.find((x) => x.summary === 'Error acquiring the state lock');
    expect(traced.attemptedLockIds.length).toBeGreaterThanOrEqual(1);
    expect(traced.attemptedLockIds).not.toContain(id);
    expect(ownLostLockId(`${held?.summary}\n${held?.detail}`, traced.attemptedLockIds)).toBeUndefined();

    await forceUnlock(tf, id);
    expect(await readLock(em, LOCK)).toBeUndefined();
  });

  it('aborting a running plan stops terraform and its provider; the lock is released', async () => {
    const ac = new AbortController();
    let pid = 0;
    let providerSeen = false;
    const p = plan({
      ...tf,
      signal: ac.signal,
      onSpawn: (n) => { pid = n; },
      onLine: (line) => {
        // refresh_start arrives once the provider runs: abort mid-operation, holding the lock.
        if (!providerSeen && line.includes('"type":"refresh_start"')) {
          providerSeen = true;
          ac.abort(new Error('test abort'));
        }
      },
    });
    const err = await p.catch((e: unknown) => e);
    expect(providerSeen).toBe(true);
    expect(err).toBeInstanceOf(TerraformExitError);
    expect((err as Error).message).toMatch(/cancelled/);
    expect(pid).toBeGreaterThan(0);
    expect(await groupMembers(pid)).toEqual([]);
    // What really happens on 1.11.4: terraform handles the SIGINT, stops the
    // provider and releases the DynamoDB lock itself; no force-unlock needed.
    expect(await readLock(em, LOCK)).toBeUndefined();
    expect((await plan(tf, { lockTimeout: '1s' })).exitCode).toBe(0);
  });

  it('a time limit stops terraform and says so', async () => {
    let pid = 0;
    const err = await plan({ ...tf, timeoutMs: 1_000, onSpawn: (n) => { pid = n; } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TerraformExitError);
    expect((err as Error).message).toMatch(/hit the time limit of 1s/);
    expect(await groupMembers(pid)).toEqual([]);
  });
});

describe('clear failures', () => {
  it('terraform not found', async () => {
    const err = await version({ ...tf, bin: 'terraform-not-installed-here' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toMatch(/terraform not found/);
  });

  it('init without provider access says how to configure a mirror', async () => {
    const d = path.join(work, 'no-mirror');
    await writeSampleConfig(d, { backend: BACKEND });
    await writeEmulatorOverride(d);
    const emptyMirror = path.join(work, 'empty-mirror');
    const cfg = path.join(work, 'no-mirror.tfrc');
    await writeCliConfig(cfg, { mirror: emptyMirror });
    const err = await init({ bin: 'terraform', cwd: d, env: { ...em.env, TF_CLI_CONFIG_FILE: cfg, TF_PLUGIN_CACHE_DIR: undefined } }, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toMatch(/configure a filesystem mirror: set TFDOCTOR_PROVIDER_MIRROR/);
  });

  it('init against a backend bucket that does not exist says the backend is unreachable', async () => {
    const d = path.join(work, 'no-bucket');
    await writeSampleConfig(d, { backend: { ...BACKEND, bucket: 'no-such-state-bucket' } });
    await writeEmulatorOverride(d);
    const err = await init({ ...tf, cwd: d }, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toMatch(/could not reach the state backend/);
    expect((err as Error).message).toMatch(/no-such-state-bucket|NoSuchBucket/);
  });

  it('no terraform or provider process of this file is left running', async () => {
    const ps = await execa('ps', ['-eo', 'pid,args'], { reject: false });
    const mine = String(ps.stdout).split('\n').filter((l) => l.includes(work) || (existsSync(dir) && l.includes(dir)));
    expect(mine).toEqual([]);
  });
});
