/**
 * Guarded repairs for real: terraform 1.11 + the AWS provider + moto, on each
 * backend the guard locks through terraform's own lock: S3 with `use_lockfile`,
 * S3 with a DynamoDB lock table, and a local state file. Per backend one working
 * dir and one state, walked through the scenarios in order (each test leaves
 * the state the next expects): refusals (one of them: a real `terraform apply`
 * holding the lock) -> fault + restore -> two concurrent applies (state rm; a
 * `terraform apply` started meanwhile fails on the lock) -> state mv (CLI) ->
 * import -> force-unlock (S3 only: a local lock ends with its process).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/doctor/report.js';
import { GuardError } from '../../src/errors.js';
import { planAccount } from '../../src/run/plan-account.js';
import {
  applyRepair,
  approveRepair,
  computeRepairHash,
  generateKeyPair,
  GUARD_CHECKS,
  proposeRepair,
  signApproval,
  type ApplyRepairOptions,
  type ApproverEntry,
  type AuditRecord,
  type Repair,
} from '../../src/repair/index.js';
import { stateContent } from '../../src/repair/apply.js';
import { readBackend } from '../../src/repair/backend.js';
import { acquireLock, assertLockable, readLock, releaseLock as releaseGuardLock, type LockInfo } from '../../src/repair/lock.js';
import { rawStateAddresses } from '../../src/tfjson/raw-state.js';
import type { TerraformContext } from '../../src/state/terraform/context.js';
import { init } from '../../src/state/terraform/init.js';
import { apply } from '../../src/state/terraform/mutating/apply.js';
import { applyRecoveringOwnLock } from '../testbed/own-lock.js';
import { statePull } from '../../src/state/terraform/state-pull.js';
import {
  createDbParameterGroup,
  deleteDbParameterGroup,
  EMULATOR_BACKEND_CONFIG,
  holdLock,
  holdLockfile,
  prepareBackend,
  readLock as readDynamoLock,
  readStateObject,
  releaseLock,
  releaseLockfile,
  SAMPLE,
  startEmulator,
  writeEmulatorOverride,
  writeSampleConfig,
  type Emulator,
  type SampleConfigOptions,
} from '../testbed/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

interface BackendCase {
  name: string;
  backend: { bucket: string; key: string; region: string; dynamodb_table?: string; use_lockfile?: boolean };
  local?: boolean;
}
const CASES: BackendCase[] = [
  { name: 's3 + use_lockfile', backend: { bucket: 'tfd-repair-lockfile', key: 'acct/repair.tfstate', region: 'us-east-1', use_lockfile: true } },
  { name: 's3 + dynamodb_table', backend: { bucket: 'tfd-repair-state', key: 'acct/repair.tfstate', region: 'us-east-1', dynamodb_table: 'tfd-locks' } },
  { name: 'local', backend: { bucket: 'unused', key: 'unused', region: 'us-east-1' }, local: true },
];
const PG = `aws_db_parameter_group.${SAMPLE.paramGroup}`;
const BUCKET = `aws_s3_bucket.${SAMPLE.bucket}`;
const USER = `aws_iam_user.${SAMPLE.user}`;
const USER_RENAMED = `aws_iam_user.${SAMPLE.user}-renamed`;

const bob = generateKeyPair();
const carol = generateKeyPair();
const alice = generateKeyPair();
const approvers: ApproverEntry[] = [
  { identity: 'alice', publicKey: alice.publicKey, line: 1 },
  { identity: 'bob', publicKey: bob.publicKey, line: 2 },
  { identity: 'carol', publicKey: carol.publicKey, line: 3 },
];

let em: Emulator;
let work: string;
let dir: string;
let tf: TerraformContext;
let auditLog: string;
let backupDir: string;
let c: BackendCase;

/** The lock record terraform keeps for this dir's state (the .tflock object, the DynamoDB item, the local lock info file). */
async function lockRecord(): Promise<LockInfo | undefined> {
  const b = (await readBackend(dir)) ?? { type: 'local' };
  return readLock({ backend: b, dir, workspace: 'default', env: em.env });
}

/** Put a lock record as a crashed terraform leaves it (S3 only). */
async function holdStaleLock(spec: { who: string; id?: string; created?: Date }): Promise<string> {
  const base = { bucket: c.backend.bucket, key: c.backend.key, ...spec };
  if (c.backend.use_lockfile) return holdLockfile(em, base);
  return holdLock(em, { ...base, table: c.backend.dynamodb_table ?? '' });
}

async function releaseStaleLock(): Promise<void> {
  if (c.backend.use_lockfile) await releaseLockfile(em, c.backend);
  else await releaseLock(em, { table: c.backend.dynamodb_table ?? '', bucket: c.backend.bucket, key: c.backend.key });
}

/**
 * A real `terraform apply` (a replacement of the user) waiting at its approval
 * prompt: it holds the state lock, as any apply does, until its stdin ends.
 */
async function applyAtPrompt(): Promise<{ alive: () => boolean; end: () => Promise<number | undefined> }> {
  const child = execa('terraform', ['apply', '-no-color', `-replace=${USER}`], { cwd: dir, env: { ...process.env, ...em.env }, stdin: 'pipe', reject: false });
  let out = '';
  let exited = false;
  const done = child.then((r) => { exited = true; return r; });
  await new Promise<void>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`terraform apply did not reach its prompt: ${out}`)), 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Enter a value:')) { clearTimeout(t); res(); }
    });
    void done.then(() => { clearTimeout(t); rej(new Error(`terraform apply exited before its prompt: ${out}`)); });
  });
  return { alive: () => !exited, end: async () => { child.stdin?.end(); return (await done).exitCode; } };
}

async function pull() {
  return statePull(tf);
}

async function reportFor(findings: Finding[], withState = true): Promise<Report> {
  const s = await pull();
  return {
    tool: 'tfdoctor', version: '0.0.0', schemaVersion: 1, target: { dir, account: 'repair-acct' }, terraform: { version: '1.11.4' },
    ...(withState ? { state: { lineage: s.state.lineage, serial: s.state.serial } } : {}),
    findings,
  };
}

function finding(id: string, kind: Finding['kind'], address: string | undefined, proposalKind: Finding['proposals'][number]['kind'], argv: string[]): Finding {
  return {
    id, kind, severity: 'error', summary: `${kind}${address ? ` ${address}` : ''}`, evidence: {},
    ...(address ? { address } : {}),
    proposals: [{ id: `${id}.a`, kind: proposalKind, argv, mutatesState: true, why: 'acceptance scenario' }],
  };
}

async function proposedAndApproved(report: Report, ids: string[], opts: { ttlMs?: number } = {}): Promise<Repair> {
  const r = await proposeRepair({ report, proposalIds: ids, proposer: 'alice', tf, ...opts });
  return approveRepair(r, { approver: 'bob', privateKeyPem: bob.privateKeyPem });
}

function applyOpts(repair: Repair, over: Partial<ApplyRepairOptions> = {}): ApplyRepairOptions {
  return { repair, applier: 'alice', approvers, tf: { bin: 'terraform', env: em.env }, auditLog, backupDir, ...over };
}

async function refusedCheck(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof GuardError)) throw err;
    return err.check;
  }
  throw new Error('expected the apply to be refused');
}

async function auditRecords(): Promise<AuditRecord[]> {
  if (!existsSync(auditLog)) return [];
  return (await readFile(auditLog, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as AuditRecord);
}

beforeAll(async () => {
  em = await startEmulator();
}, 60_000);

afterAll(async () => {
  await em?.stop();
});

describe.each(CASES)('guarded repair on $name', (backendCase) => {
const { backend } = backendCase;
const config = (extra: Partial<SampleConfigOptions> = {}) => ({ backend, ...(backendCase.local ? { localBackend: true } : {}), ...extra });
beforeAll(async () => {
  c = backendCase;
  // Each backend gets an empty emulator: the sample resources have fixed names.
  await em.reset();
  work = await mkdtemp(join(tmpdir(), 'tfdoctor-repair-acc-'));
  dir = join(work, 'tf');
  auditLog = join(work, 'audit.jsonl');
  backupDir = join(work, 'backups');
  if (!c.local) await prepareBackend(em, { bucket: backend.bucket, region: backend.region, ...(backend.dynamodb_table ? { lockTable: backend.dynamodb_table } : {}) });
  await writeSampleConfig(dir, config());
  await writeEmulatorOverride(dir);
  tf = { bin: 'terraform', cwd: dir, env: em.env };
  await init(tf, c.local ? {} : { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
  const a = await applyRecoveringOwnLock(tf);
  expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(a.exitCode, a.stderr).toBe(0);
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('repair apply refuses, and writes nothing', () => {
  it('each guard check, against the real state', async () => {
    const before = await pull();
    const report = await reportFor([finding('F1', 'orphaned-in-state', BUCKET, 'terraform-state-rm', ['terraform', 'state', 'rm', BUCKET])]);
    const proposed = await proposeRepair({ report, proposalIds: ['F1.a'], proposer: 'alice', tf });
    expect(proposed.state).toEqual({ lineage: before.state.lineage, serial: before.state.serial, sha256: before.sha256 });
    expect(proposed.target.backend).toEqual(c.local ? { type: 'local' } : { type: 's3', ...backend });
    const approved = approveRepair(proposed, { approver: 'bob', privateKeyPem: bob.privateKeyPem });
    // The rehearsal at propose time is in the file: state rm of a bucket still in the config -> the plan creates it anew, nothing else.
    expect(proposed.repairVersion).toBe(2);
    expect(proposed.prediction?.after.changes).toEqual({ [BUCKET]: 'create' });
    expect(proposed.prediction?.before.changes).toEqual({});

    // no approval
    expect(await refusedCheck(applyRepair(applyOpts(proposed)))).toBe(GUARD_CHECKS.noApproval);
    // only the proposer's own (valid, listed) approval; the applier is someone else
    const self: Repair = { ...proposed, approvals: [{ approver: 'alice', at: new Date().toISOString(), publicKey: alice.publicKey, signature: signApproval(alice.privateKeyPem, proposed.hash, 'alice') }] };
    expect(await refusedCheck(applyRepair(applyOpts(self, { applier: 'carol' })))).toBe(GUARD_CHECKS.selfApproval);
    // the approver's key is not in the approvers file
    expect(await refusedCheck(applyRepair(applyOpts(approved, { approvers: approvers.filter((a) => a.identity !== 'bob') })))).toBe(GUARD_CHECKS.unknownKey);
    // the file changed after approval (an extra address slipped in), hash kept / hash recomputed
    const edited = { ...approved, proposals: approved.proposals.map((p) => ({ ...p, argv: [...p.argv, USER] })) };
    expect(await refusedCheck(applyRepair(applyOpts(edited)))).toBe(GUARD_CHECKS.hash);
    expect(await refusedCheck(applyRepair(applyOpts({ ...edited, hash: computeRepairHash(edited) })))).toBe(GUARD_CHECKS.signature);
    // the recorded prediction was edited (the approver signed another consequence), hash kept / hash recomputed
    const predicted = { ...approved, prediction: { ...approved.prediction!, after: { ...approved.prediction!.after, changes: {} } } };
    expect(await refusedCheck(applyRepair(applyOpts(predicted)))).toBe(GUARD_CHECKS.hash);
    expect(await refusedCheck(applyRepair(applyOpts({ ...predicted, hash: computeRepairHash(predicted) })))).toBe(GUARD_CHECKS.signature);
    // expired
    expect(await refusedCheck(applyRepair(applyOpts(approved, { now: () => new Date(Date.parse(approved.expiresAt) + 1000) })))).toBe(GUARD_CHECKS.expired);
    // the state moved: a repair (validly approved) bound to another serial
    const stale = { ...proposed, state: { ...proposed.state, serial: proposed.state.serial - 1 } };
    const staleApproved = approveRepair({ ...stale, hash: computeRepairHash(stale) }, { approver: 'bob', privateKeyPem: bob.privateKeyPem });
    expect(await refusedCheck(applyRepair(applyOpts(staleApproved)))).toBe(GUARD_CHECKS.stateBinding);
    // the lock is held by a `terraform apply` started before (waiting at its prompt)
    const running = await applyAtPrompt();
    try {
      const held = await lockRecord();
      expect(held?.ID).toMatch(/^[0-9a-f-]{36}$/);
      let lockErr: unknown;
      await applyRepair(applyOpts(approved)).catch((e: unknown) => { lockErr = e; });
      expect(lockErr).toBeInstanceOf(GuardError);
      expect((lockErr as GuardError).check).toBe(GUARD_CHECKS.lock);
      expect((lockErr as Error).message).toContain(`ID ${held?.ID}, OperationTypeApply`);
      expect(running.alive()).toBe(true); // theirs, untouched
      expect((await lockRecord())?.ID).toBe(held?.ID);
    } finally {
      expect(await running.end()).toBe(1); // "error asking for approval": nothing applied
    }

    const after = await pull();
    expect(after.sha256).toBe(before.sha256);
    const audit = await auditRecords();
    expect(audit.map((r) => [r.outcome, r.check])).toEqual([
      ['refused', GUARD_CHECKS.noApproval], ['refused', GUARD_CHECKS.selfApproval], ['refused', GUARD_CHECKS.unknownKey],
      ['refused', GUARD_CHECKS.hash], ['refused', GUARD_CHECKS.signature],
      ['refused', GUARD_CHECKS.hash], ['refused', GUARD_CHECKS.signature], ['refused', GUARD_CHECKS.expired],
      ['refused', GUARD_CHECKS.stateBinding], ['refused', GUARD_CHECKS.lock],
    ]);
    expect(audit.every((r) => r.commands.length === 0)).toBe(true);
  });

  it('propose refuses a report whose state is not the current one', async () => {
    const report = await reportFor([finding('F1', 'orphaned-in-state', BUCKET, 'terraform-state-rm', ['terraform', 'state', 'rm', BUCKET])]);
    const old = { ...report, state: { ...report.state, serial: (report.state?.serial ?? 0) + 5 } };
    await expect(proposeRepair({ report: old, proposalIds: ['F1.a'], proposer: 'alice', tf })).rejects.toThrow(/the state moved since this report; run tfdoctor plan again/);
  });
});

describe('a failure half-way restores the backup', () => {
  it('terraform cancelled while running the second of two commands: remote state equals the backup, audit says so', async () => {
    // First a refusal: approved before the world changed (the state did not move), the rehearsal at apply time now predicts another plan.
    const early = await proposedAndApproved(await reportFor([finding('F2', 'orphaned-in-state', BUCKET, 'terraform-state-rm', ['terraform', 'state', 'rm', BUCKET])]), ['F2.a']);
    await deleteDbParameterGroup(em, { name: SAMPLE.paramGroup });
    const unmoved = await pull();
    let predErr: unknown;
    await applyRepair(applyOpts(early)).catch((e: unknown) => { predErr = e; });
    expect((predErr as GuardError).check).toBe(GUARD_CHECKS.prediction);
    expect((predErr as Error).message).toContain(`drift before the edit, ${PG}: approved no change, now delete`);
    expect((await pull()).sha256).toBe(unmoved.sha256);
    expect((await auditRecords()).at(-1)).toMatchObject({ outcome: 'refused', check: GUARD_CHECKS.prediction, commands: [] });
    const before = await pull();
    const report = await reportFor([
      finding('F1', 'deleted-out-of-band', PG, 'terraform-state-rm', ['terraform', 'state', 'rm', PG]),
      finding('F2', 'orphaned-in-state', BUCKET, 'terraform-state-rm', ['terraform', 'state', 'rm', BUCKET]),
    ]);
    const repair = await proposedAndApproved(report, ['F1.a', 'F2.a']);
    const ac = new AbortController();
    let err: unknown;
    try {
      await applyRepair(applyOpts(repair, {
        tf: { bin: 'terraform', env: em.env, signal: ac.signal },
        // The fault: once the first command has written the state, the run is
        // cancelled a moment later, while terraform is running the second one
        // (SIGINT, then SIGKILL of its process group by the runner).
        hooks: { afterCommand: (i) => { if (i === 0) setTimeout(() => ac.abort(new Error('injected fault')), 800); } },
      }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GuardError);
    expect((err as GuardError).check).toBe('execute');
    expect((err as Error).message).toMatch(/cancelled/);
    expect((err as Error).message).toMatch(/restored the state from the backup/);

    const after = await pull();
    expect(stateContent(after)).toBe(stateContent(before));
    expect(after.state.lineage).toBe(before.state.lineage);
    expect(after.state.serial).toBeGreaterThan(before.state.serial + 1); // the half-done write, then the restore
    expect(rawStateAddresses(after.state)).toContain(PG);
    const last = (await auditRecords()).at(-1);
    expect(last).toMatchObject({ outcome: 'failed-restored', check: 'execute', serialBefore: before.state.serial, serialAfter: after.state.serial, approvers: ['bob'], applier: 'alice', proposer: 'alice' });
    expect(last?.commands.length).toBeGreaterThanOrEqual(1);
    expect(last?.backup && JSON.parse(await readFile(last.backup, 'utf8'))).toMatchObject({ serial: before.state.serial, lineage: before.state.lineage });
    expect(await lockRecord()).toBeUndefined(); // our lock was released
  }, 300_000);
});

describe('happy paths', () => {
  it('two concurrent applies of one approved state rm: exactly one succeeds', async () => {
    const before = await pull();
    const report = await reportFor([finding('F1', 'deleted-out-of-band', PG, 'terraform-state-rm', ['terraform', 'state', 'rm', PG])]);
    const repair = await proposedAndApproved(report, ['F1.a']);
    // A `terraform apply` started while repair apply holds the lock fails with terraform's lock error.
    const concurrent: Awaited<ReturnType<typeof apply>>[] = [];
    const hooks = { afterCommand: async () => { concurrent.push(await apply(tf, {})); } };
    const results = await Promise.allSettled([applyRepair(applyOpts(repair, { applier: 'alice', hooks })), applyRepair(applyOpts(repair, { applier: 'carol', hooks }))]);
    expect(concurrent).toHaveLength(1);
    expect(concurrent[0]?.exitCode).toBe(1);
    expect(concurrent[0]?.diagnostics.filter((d) => d.severity === 'error').map((d) => d.summary)).toEqual(['Error acquiring the state lock']);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.reason).toBeInstanceOf(GuardError);
    expect([GUARD_CHECKS.lock, GUARD_CHECKS.stateBinding]).toContain((refused[0]?.reason as GuardError).check);

    const result = (ok[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof applyRepair>>>).value;
    expect(result.serialBefore).toBe(before.state.serial);
    expect(result.serialAfter).toBe(before.state.serial + 1);
    expect(result.rehearsal?.after.changes[PG]).toBe('create'); // still in config: terraform will create it anew
    expect(result.rehearsal?.before.drift[PG]).toBe('delete');
    const after = await pull();
    expect(rawStateAddresses(after.state)).not.toContain(PG);
    expect(rawStateAddresses(after.state)).toEqual(expect.arrayContaining([BUCKET, USER]));
    expect(JSON.parse(await readFile(result.backup, 'utf8'))).toMatchObject({ serial: before.state.serial });
    const audit = (await auditRecords()).slice(-2);
    expect(audit.map((r) => r.outcome).sort()).toEqual(['applied', 'refused']);
    expect(audit.find((r) => r.outcome === 'applied')).toMatchObject({ serialBefore: before.state.serial, serialAfter: before.state.serial + 1, backup: result.backup });
    expect(await lockRecord()).toBeUndefined();
  }, 300_000);

  // The CLI path once (on the S3 lockfile, the default of new accounts): the library path above runs on every backend.
  if (backendCase.backend.use_lockfile) it('state mv + import in one repair, through the CLI: keygen, propose, show, approve, apply', async () => {
    // The config renames the user's address (the plan would delete one address and
    // create the other), and the parameter group exists again outside the state.
    await writeSampleConfig(dir, config({ addressNames: { user: `${SAMPLE.user}-renamed` } }));
    await createDbParameterGroup(em, { name: SAMPLE.paramGroup, family: 'postgres15', tags: { app: 'quay', managed_by: 'tfdoctor-test' } });
    const report = await reportFor([
      finding('F1', 'renamed-address', USER_RENAMED, 'terraform-state-mv', ['terraform', 'state', 'mv', USER, USER_RENAMED]),
      finding('F2', 'exists-unmanaged', PG, 'terraform-import', ['terraform', 'import', PG, SAMPLE.paramGroup]),
    ]);
    const reportFile = join(work, 'report.json');
    await writeFile(reportFile, JSON.stringify(report));
    const cli = (args: string[]) => execa(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'cli/main.ts'), ...args], { cwd: work, env: { ...process.env, ...em.env }, reject: false });

    const keygen = await cli(['keygen', '--as', 'dave@example.com', '--out', join(work, 'dave.key')]);
    expect(keygen.stderr).toContain('mode 0600');
    expect(keygen.exitCode, keygen.stderr).toBe(0);
    await writeFile(join(work, 'approvers.txt'), `# approvers\n${keygen.stdout.trim()}\n`);
    const repairFile = join(work, 'mv.json');
    const propose = await cli(['repair', 'propose', '--report', reportFile, '--proposal', 'F1.a,F2.a', '--as', 'alice', '--out', repairFile]);
    expect(propose.stderr).not.toMatch(/refused|Error/);
    expect(propose.exitCode, propose.stderr).toBe(0);
    expect(propose.stdout).toContain(`$ terraform state mv ${USER} ${USER_RENAMED}`);
    expect(propose.stdout).toContain(`$ terraform import ${PG} ${SAMPLE.paramGroup}`);
    const selfApprove = await cli(['repair', 'approve', repairFile, '--as', 'alice', '--key', join(work, 'dave.key')]);
    expect(selfApprove.exitCode, selfApprove.stderr).toBe(1);
    expect(selfApprove.stderr).toMatch(/refused: self-approval/);
    const approve = await cli(['repair', 'approve', repairFile, '--as', 'dave@example.com', '--key', join(work, 'dave.key')]);
    expect(approve.exitCode, approve.stderr).toBe(0);
    const show = await cli(['repair', 'show', repairFile, '--approvers', join(work, 'approvers.txt')]);
    // The approver saw, and show shows, the predicted consequence.
    expect(approve.stdout).toContain('Prediction (rehearsed');
    expect(show.stdout).toContain(`no longer delete ${USER}`);
    expect(show.stdout).toContain(`no longer create ${USER_RENAMED}`);
    expect(show.stdout).toContain(`no longer create ${PG}`);
    expect(show.stdout).toMatch(/dave@example.com at .*: signature ok, key listed/);
    const applied = await cli(['repair', 'apply', repairFile, '--as', 'alice', '--approvers', join(work, 'approvers.txt'), '--audit-log', auditLog, '--backup-dir', backupDir]);
    expect(applied.stderr).toContain('rehearsing on a local copy');
    expect(applied.exitCode, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/applied repair [0-9a-f]{16}: serial \d+ -> \d+/);
    const addrs = rawStateAddresses((await pull()).state);
    expect(addrs).toContain(USER_RENAMED);
    expect(addrs).not.toContain(USER);
    expect(addrs).toContain(PG);
    const last = (await auditRecords()).at(-1);
    expect(last).toMatchObject({ outcome: 'applied', approvers: ['dave@example.com'], applier: 'alice' });
    expect(last?.commands.map((c) => c.slice(1, 3))).toEqual([['state', 'mv'], ['import', '-no-color']]);
    // The page of this real repair: its prediction, and the guard's state read from the file, the approvers file and the audit log.
    const htmlFile = join(work, 'mv.html');
    const page = await cli(['repair', 'show', repairFile, '--approvers', join(work, 'approvers.txt'), '--html', htmlFile, '--audit-log', auditLog]);
    expect(page.exitCode, page.stderr).toBe(0);
    const html = await readFile(htmlFile, 'utf8');
    expect(html.match(/<li class="step done">/g)).toHaveLength(3);
    expect(html).toMatch(/<b>dave@example\.com<\/b> at [^:]+:[^:]+:[^:]+: signature ok, key listed in the approvers file/);
    expect(html).toContain(`by <b>alice</b> at ${last?.at ?? ''}: serial ${last?.serialBefore ?? ''} → ${last?.serialAfter ?? ''}`);
    expect(html).toContain(`<th scope="row"><code>${USER}</code></th><td><code>delete</code></td><td><span class="dim">–</span></td>`);
    expect(html).toContain('no longer delete');
    expect(html).toContain(`<code>terraform state mv ${USER} ${USER_RENAMED}</code>`.replace('<code>', '<code><span class="dim" aria-hidden="true">$ </span>'));
  }, 300_000);

  if (backendCase.backend.use_lockfile) it('repair apply killed (SIGKILL) while it holds the lock: terraform releases it, the state is the backup', async () => {
    const before = await pull();
    const report = await reportFor([finding('F1', 'orphaned-in-state', BUCKET, 'terraform-state-rm', ['terraform', 'state', 'rm', BUCKET])]);
    const repair = await proposedAndApproved(report, ['F1.a']);
    const file = join(work, 'killed.json');
    await writeFile(file, JSON.stringify(repair));
    await writeFile(join(work, 'approvers-kill.txt'), `bob ed25519 ${bob.publicKey}\n`);
    // node itself (not the tsx wrapper), so the SIGKILL ends the process that holds console's stdin.
    const child = execa(process.execPath, ['--import', 'tsx', join(ROOT, 'cli/main.ts'), 'repair', 'apply', file, '--as', 'alice', '--approvers', join(work, 'approvers-kill.txt'), '--audit-log', auditLog, '--backup-dir', backupDir],
      { cwd: ROOT, env: { ...process.env, ...em.env }, reject: false });
    let err = '';
    let lockedInfo: LockInfo | undefined;
    await new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`repair apply did not take the lock: ${err}`)), 180_000);
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('holding the state lock')) { clearTimeout(t); res(); }
      });
      void child.then(() => { clearTimeout(t); rej(new Error(`repair apply exited: ${err}`)); });
    });
    lockedInfo = await lockRecord();
    expect(lockedInfo?.ID).toMatch(/^[0-9a-f-]{36}$/);
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');
    // console reads EOF on its stdin, unlocks and exits: no lock is left behind.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (lockedInfo = await lockRecord()) !== undefined) await new Promise((r) => setTimeout(r, 500));
    expect(lockedInfo).toBeUndefined();
    const after = await pull();
    expect(after.sha256).toBe(before.sha256);
  }, 300_000);

  if (!backendCase.local) it('force-unlock (from a real tfdoctor plan report): only the lock the repair names, and the state is left as it was', async () => {
    const stale = await holdStaleLock({ who: 'ci-runner@gone', created: new Date(Date.now() - 3 * 3_600_000) });
    const report = await reportFor([finding('F1', 'state-lock-held', undefined, 'terraform-force-unlock', ['terraform', 'force-unlock', '-force', stale])], false);
    const repair = await proposedAndApproved(report, ['F1.a']);
    // Another run now holds a different lock: refuse to break it.
    await releaseStaleLock();
    const other = await holdStaleLock({ who: 'someone@busy' });
    expect(await refusedCheck(applyRepair(applyOpts(repair)))).toBe(GUARD_CHECKS.lockId);
    expect((await lockRecord())?.ID).toBe(other);
    await releaseStaleLock();
    await holdStaleLock({ id: stale, who: 'ci-runner@gone', created: new Date(Date.now() - 3 * 3_600_000) });

    // This time the report is a real one: tfdoctor plan (planAccount) meets the
    // held lock and proposes the force-unlock.
    const planned = await planAccount({ dir, env: em.env, backendConfig: { ...EMULATOR_BACKEND_CONFIG }, probe: false });
    const unlock = planned.report.findings.flatMap((f) => f.proposals).find((p) => p.kind === 'terraform-force-unlock');
    expect(unlock?.argv).toEqual(['terraform', 'force-unlock', '-force', stale]);
    const fromPlan = await proposedAndApproved(planned.report, [unlock?.id ?? '']);
    expect(fromPlan.proposals[0]).toMatchObject({ findingKind: 'state-lock-held', kind: 'terraform-force-unlock' });

    const before = await pull();
    const result = await applyRepair(applyOpts(fromPlan));
    expect(await lockRecord()).toBeUndefined();
    expect(result.commands).toEqual([['terraform', 'force-unlock', '-no-color', '-force', stale]]);
    expect((await pull()).sha256).toBe(before.sha256);
    expect((await auditRecords()).at(-1)).toMatchObject({ outcome: 'applied', serialBefore: before.state.serial, serialAfter: before.state.serial });
  }, 120_000);
});
});

describe('s3 with use_lockfile AND dynamodb_table: terraform takes both, the guard holds both', () => {
  it('while the guard holds the lock, the .tflock object and the DynamoDB item both name it, and a plan fails on the lock; released, both are gone', async () => {
    await em.reset();
    const both = { bucket: 'tfd-repair-both', key: 'acct/both.tfstate', region: 'us-east-1', dynamodb_table: 'tfd-locks-both', use_lockfile: true };
    const bothWork = await mkdtemp(join(tmpdir(), 'tfdoctor-repair-both-'));
    try {
      const bdir = join(bothWork, 'tf');
      await prepareBackend(em, { bucket: both.bucket, region: both.region, lockTable: both.dynamodb_table });
      await writeSampleConfig(bdir, { backend: both, names: { paramGroup: null, bucket: null } });
      await writeEmulatorOverride(bdir);
      const btf: TerraformContext = { bin: 'terraform', cwd: bdir, env: em.env };
      await init(btf, { backendConfig: { ...EMULATOR_BACKEND_CONFIG } });
      expect((await applyRecoveringOwnLock(btf)).exitCode).toBe(0);
      const b = await readBackend(bdir);
      expect(b).toMatchObject({ type: 's3', use_lockfile: true, dynamodb_table: both.dynamodb_table });
      const target = { backend: assertLockable(b), dir: bdir, workspace: 'default', env: em.env };
      const held = await acquireLock(btf, target, 'both');
      let released = false;
      try {
        expect(held.info?.ID).toMatch(/^[0-9a-f-]{36}$/);
        // Both records, one lock ID: terraform's own.
        expect((await readLockfileRecord(both))?.['ID']).toBe(held.info?.ID);
        expect((await readDynamoLock(em, { table: both.dynamodb_table, bucket: both.bucket, key: both.key }))?.['ID']).toBe(held.info?.ID);
        const other = await apply(btf, {});
        expect(other.exitCode).toBe(1);
        expect(other.diagnostics.map((d) => d.summary)).toContain('Error acquiring the state lock');
        // A second guard is refused too.
        await expect(acquireLock(btf, target, 'both')).rejects.toThrow(new RegExp(`cannot take the state lock both: held by .* \\(ID ${held.info?.ID}`));
        await releaseGuardLock(target, held);
        released = true;
      } finally {
        if (!released) await held.holder.kill();
      }
      expect(await readLockfileRecord(both)).toBeUndefined();
      expect(await readDynamoLock(em, { table: both.dynamodb_table, bucket: both.bucket, key: both.key })).toBeUndefined();
    } finally {
      await rm(bothWork, { recursive: true, force: true });
    }
  }, 240_000);
});

async function readLockfileRecord(spec: { bucket: string; key: string; region?: string }): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readStateObject(em, { ...spec, key: `${spec.key}.tflock` })) as Record<string, unknown>;
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  }
}
