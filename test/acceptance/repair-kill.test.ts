/**
 * `repair apply` killed (SIGKILL, no chance to clean up) at each of its steps,
 * on the S3 backend with `use_lockfile` (#12): before the first write the lock
 * is console's and goes with it (state unchanged, no lock left); from the pin
 * on (lock.ts, pinLock: just before the first command) the lock stays, with a
 * journal naming the repair, and the next `tfdoctor plan` reports
 * `state-lock-held` with the repair's hash, applier and backup.
 *
 * "At step N" is the progress line `repair apply` prints on stderr as it enters
 * the step (the CLI's own output, no test hook in the code): the test waits for
 * it and kills node itself (not the tsx wrapper). (After lock, before the
 * rehearsal: repair.test.ts.)
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/doctor/report.js';
import { planAccount } from '../../src/run/plan-account.js';
import { approveRepair, generateKeyPair, proposeRepair, type Repair } from '../../src/repair/index.js';
import { readBackend } from '../../src/repair/backend.js';
import { journalDir, readJournals } from '../../src/repair/journal.js';
import { readLock, type LockInfo } from '../../src/repair/lock.js';
import type { TerraformContext } from '../../src/state/terraform/context.js';
import { init } from '../../src/state/terraform/init.js';
import { applyRecoveringOwnLock } from '../testbed/own-lock.js';
import { statePull } from '../../src/state/terraform/state-pull.js';
import { rawStateAddresses } from '../../src/tfjson/raw-state.js';
import { EMULATOR_BACKEND_CONFIG, prepareBackend, releaseLockfile, SAMPLE, startEmulator, writeEmulatorOverride, writeSampleConfig, type Emulator } from '../testbed/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const backend = { bucket: 'tfd-repair-kill', key: 'acct/kill.tfstate', region: 'us-east-1', use_lockfile: true };
const BUCKET = `aws_s3_bucket.${SAMPLE.bucket}`;
const USER = `aws_iam_user.${SAMPLE.user}`;
const bob = generateKeyPair();

let em: Emulator;
let work: string;
let dir: string;
let tf: TerraformContext;

async function lockRecord(): Promise<LockInfo | undefined> {
  return readLock({ backend: (await readBackend(dir)) ?? { type: 'local' }, dir, workspace: 'default', env: em.env });
}

async function approvedRm(address: string): Promise<{ repair: Repair; file: string }> {
  const s = await statePull(tf);
  const finding: Finding = {
    id: 'F1', kind: 'orphaned-in-state', severity: 'error', summary: 'kill scenario', evidence: {}, address,
    proposals: [{ id: 'F1.a', kind: 'terraform-state-rm', argv: ['terraform', 'state', 'rm', address], mutatesState: true, why: 'kill scenario' }],
  };
  const report: Report = { tool: 'tfdoctor', version: '0.0.0', schemaVersion: 1, target: { dir }, terraform: {}, state: { lineage: s.state.lineage, serial: s.state.serial }, findings: [finding] };
  const repair = approveRepair(await proposeRepair({ report, proposalIds: ['F1.a'], proposer: 'alice', tf }), { approver: 'bob', privateKeyPem: bob.privateKeyPem });
  const file = join(work, `repair-${repair.hash.slice(0, 8)}.json`);
  await writeFile(file, JSON.stringify(repair));
  return { repair, file };
}

/** Starts `repair apply` (node itself, so the SIGKILL hits the process holding console's stdin) and kills it once stderr has `line`. */
async function killAt(file: string, line: string): Promise<string> {
  const child = execa(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'repair', 'apply', file, '--as', 'alice', '--approvers', join(work, 'approvers.txt'),
    '--audit-log', join(work, 'audit.jsonl'), '--backup-dir', join(work, 'backups')], { cwd: ROOT, env: { ...process.env, ...em.env }, reject: false });
  let err = '';
  await new Promise<void>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`repair apply never printed "${line}": ${err}`)), 240_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(line)) { clearTimeout(t); child.kill('SIGKILL'); res(); }
    });
    void child.then(() => { clearTimeout(t); rej(new Error(`repair apply exited before "${line}": ${err}`)); });
  });
  expect((await child).signal).toBe('SIGKILL');
  return err;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let v = await what();
  while (!ok(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    v = await what();
  }
  return v;
}

/** The lock stays with the ID the killed run printed, the journal names the repair, and `tfdoctor plan` says so. */
async function expectLeftLock(stderr: string, repair: Repair): Promise<{ id: string; backup: string }> {
  const id = /pinned the state lock ([0-9a-f-]{36})/.exec(stderr)?.[1];
  expect(id).toBeDefined();
  // Still there a while after the kill: nobody released it.
  await new Promise((r) => setTimeout(r, 3000));
  expect((await lockRecord())?.ID).toBe(id);
  const journals = await readJournals(dir);
  expect(journals).toHaveLength(1);
  expect(journals[0]).toMatchObject({ lockId: id, repairHash: repair.hash, applier: 'alice', proposer: 'alice', approvers: ['bob'] });
  const backup = journals[0]?.backup ?? '';
  const planned = await planAccount({ dir, env: em.env, backendConfig: { ...EMULATOR_BACKEND_CONFIG }, probe: false });
  const held = planned.report.findings.find((f) => f.kind === 'state-lock-held');
  expect(held?.summary).toContain(`held by tfdoctor repair ${repair.hash.slice(0, 16)} applied by alice`);
  expect(held?.evidence).toMatchObject({ lock: { id }, repair: { hash: repair.hash, applier: 'alice', backup } });
  return { id: id ?? '', backup };
}

/** What a person does after reading that finding, here by hand: release the lock, drop the journal. */
async function clearLeftLock(): Promise<void> {
  await releaseLockfile(em, backend);
  await rm(journalDir(dir), { recursive: true, force: true });
}

beforeAll(async () => {
  em = await startEmulator();
  work = await mkdtemp(join(tmpdir(), 'tfdoctor-repair-kill-'));
  dir = join(work, 'tf');
  await prepareBackend(em, { bucket: backend.bucket, region: backend.region });
  await writeSampleConfig(dir, { backend });
  await writeEmulatorOverride(dir);
  tf = { bin: 'terraform', cwd: dir, env: em.env };
  await init(tf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
  expect((await applyRecoveringOwnLock(tf)).exitCode).toBe(0);
  await writeFile(join(work, 'approvers.txt'), `bob ed25519 ${bob.publicKey}\n`);
}, 180_000);

afterAll(async () => {
  await em?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('repair apply killed (SIGKILL) at each step, s3 + use_lockfile', () => {
  let rmBucket: { repair: Repair; file: string };

  it('while rehearsing: terraform releases the lock, the state is untouched', async () => {
    const before = await statePull(tf);
    rmBucket = await approvedRm(BUCKET);
    await killAt(rmBucket.file, 'rehearsing on a local copy');
    expect(await until(lockRecord, (l) => l === undefined)).toBeUndefined();
    expect((await statePull(tf)).sha256).toBe(before.sha256);
    expect(existsSync(journalDir(dir))).toBe(false);
  }, 400_000);

  it('after the backup, with the lock pinned for the first write: the lock stays, named by the next plan; the state equals the backup', async () => {
    const before = await statePull(tf);
    // The same approved repair: the state did not move.
    const err = await killAt(rmBucket.file, 'pinned the state lock');
    const { backup } = await expectLeftLock(err, rmBucket.repair);
    expect((await statePull(tf)).sha256).toBe(before.sha256);
    expect(await readFile(backup, 'utf8')).toBe(before.raw);
    await clearLeftLock();
  }, 400_000);

  it('while running the state rm: the lock stays; the state is the backup or the rehearsed edit, nothing else', async () => {
    const before = await statePull(tf);
    const err = await killAt(rmBucket.file, `running terraform state rm ${BUCKET}`);
    const { backup } = await expectLeftLock(err, rmBucket.repair);
    expect(await readFile(backup, 'utf8')).toBe(before.raw);
    // The terraform the dead tfdoctor started may still finish its write: wait for it, then look.
    await new Promise((r) => setTimeout(r, 15_000));
    const after = await statePull(tf);
    if (after.sha256 !== before.sha256) {
      expect(rawStateAddresses(after.state).sort()).toEqual(rawStateAddresses(before.state).filter((a) => a !== BUCKET).sort());
    }
    await clearLeftLock();
  }, 400_000);

  it('while verifying: the lock stays, named by the next plan; the edit is in the state, the backup next to it', async () => {
    const before = await statePull(tf);
    const rmUser = await approvedRm(USER);
    const err = await killAt(rmUser.file, 'verifying with a fresh plan');
    const { backup } = await expectLeftLock(err, rmUser.repair);
    expect(await readFile(backup, 'utf8')).toBe(before.raw);
    expect(rawStateAddresses((await statePull(tf)).state)).not.toContain(USER);
    await clearLeftLock();
  }, 400_000);
});
