/**
 * `repair apply`: run an approved repair against the real backend, fail closed.
 *
 *   guard checks (verify.ts) -> target and state binding (fresh pull)
 *   (a push: errored.tfstate's sha256 as approved, the push rule)
 *   -> take the state lock (through terraform: hold-lock.ts) -> state binding again (CAS)
 *   -> rehearse on a local copy + plans (rehearse.ts) -> back up the pulled bytes
 *   -> run the commands with -lock=false under our lock -> fresh plan == rehearsal
 *   -> release the lock -> audit record.
 * Any failure after the first command started restores the backup (under the
 * same lock) and says so. force-unlock has its own short path: the held lock is
 * the problem, so tfdoctor checks its ID instead of taking it.
 */
import { join, resolve } from 'node:path';
import { EnvironmentError, GuardError } from '../errors.js';
import type { StateSnapshot } from '../state/state-snapshot.js';
import type { TerraformContext } from '../state/terraform/context.js';
import { forceUnlock, forceUnlockArgs } from '../state/terraform/mutating/force-unlock.js';
import { statePushRaw } from '../state/terraform/mutating/state-push.js';
import { plan } from '../state/terraform/plan.js';
import { statePull, statePullIfAny } from '../state/terraform/state-pull.js';
import { VERSION } from '../version.js';
import { appendAudit, type AuditRecord } from './audit.js';
import { lockNameOf, readBackend, selectedWorkspace, type BackendDetails } from './backend.js';
import { restoreBytes, writeBackup } from './backup.js';
import { canonicalJson } from './canonical-json.js';
import { assertIdentity } from './identity.js';
import { publicKeyOfPrivate, type ApproverEntry } from './keys.js';
import { acquireLock, assertLockable, pinLock, readLock, releaseLock, stillHeld, type HeldLock, type LockTarget } from './lock.js';
import { removeJournal, writeJournal } from './journal.js';
import { parseOperation, displayArgv, type RepairOperation } from './operations.js';
import { loadPushes, retireErroredState } from './push.js';
import { compareEffects, comparePrediction, findingGone, planEffect } from './promise.js';
import { operationArgs, rehearse, runOperation, type Rehearsal } from './rehearse.js';
import type { Repair, RepairBackend } from './repair-file.js';
import { checkStateBinding, GUARD_CHECKS, verifyRepair } from './verify.js';

/** What restoring the backup after a failed run gave: whether the state is the backup again, and the line for the person. */
interface RestoreOutcome {
  restored: boolean;
  note: string;
}

/** Per terraform command, when the caller sets no `tf.timeoutMs`. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 15 * 60_000;

/** What applyRepair takes: the approved repair, who applies, the approvers, the working dir and terraform settings. */
export interface ApplyRepairOptions {
  repair: Repair;
  /** Who runs it (`--as`). */
  applier: string;
  /** The trusted keys (approvers file). */
  approvers: readonly ApproverEntry[];
  /** The applier's private key (PEM): when given, the applier must be listed in the approvers file with its public key. */
  applierKeyPem?: string;
  /** Terraform for the target dir; `cwd` defaults to the repair's target dir. */
  tf: Omit<TerraformContext, 'cwd'> & { cwd?: string };
  /** Where backups go (default `<dir>/.tfdoctor/backups`). */
  backupDir?: string;
  /** JSON-lines audit log (default `<dir>/.tfdoctor/audit.jsonl`). */
  auditLog?: string;
  now?: () => Date;
  onProgress?: (message: string) => void;
  /** Test hooks (fault injection). Called after each command ran against the real backend. */
  hooks?: { afterCommand?: (index: number, argv: readonly string[]) => void | Promise<void> };
}

/** What applyRepair did: serial before and after, the backup, the commands run, the rehearsal, the audit record. */
export interface ApplyRepairResult {
  outcome: 'applied';
  serialBefore: number;
  serialAfter: number;
  lineage: string;
  backup: string;
  commands: string[][];
  rehearsal?: Pick<Rehearsal, 'before' | 'after' | 'durationMs'>;
  audit: AuditRecord;
}

function sameBackend(a: Repair['target']['backend'], b: BackendDetails | undefined): boolean {
  const pick = (x: RepairBackend | undefined) =>
    x ? canonicalJson({ type: x.type, bucket: x.bucket, key: x.key, region: x.region, dynamodb_table: x.dynamodb_table, use_lockfile: x.use_lockfile, path: x.path }) : 'none';
  return pick(a) === pick(b);
}

function bindingOf(s: StateSnapshot) {
  return { lineage: s.state.lineage, serial: s.state.serial, sha256: s.sha256 };
}

/** resources + outputs + lineage: what "the state equals the backup" means (the serial moves on restore). */
export function stateContent(s: StateSnapshot): string {
  return canonicalJson({ lineage: s.state.lineage, resources: s.state.resources, outputs: s.state.outputs ?? {} });
}

/** Applies an approved repair: guard, lock, rehearsal, backup, the commands, a verification plan, audit; restores the backup if a step fails. */
export async function applyRepair(opts: ApplyRepairOptions): Promise<ApplyRepairResult> {
  const started = Date.now();
  const now = opts.now ?? (() => new Date());
  const progress = opts.onProgress ?? (() => {});
  const { repair } = opts;
  const dir = resolve(opts.tf.cwd ?? repair.target.dir);
  // A hung terraform must not hold the state lock forever: a time limit per
  // command unless the caller set one (the runner stops it with SIGINT, then SIGKILL).
  const tf: TerraformContext = { timeoutMs: DEFAULT_COMMAND_TIMEOUT_MS, ...opts.tf, cwd: dir };
  const auditLog = opts.auditLog ?? join(dir, '.tfdoctor', 'audit.jsonl');
  const backupDir = opts.backupDir ?? join(dir, '.tfdoctor', 'backups');
  const record: AuditRecord = {
    at: now().toISOString(),
    repairHash: repair.hash,
    target: { ...(repair.target.account !== undefined ? { account: repair.target.account } : {}), dir },
    proposer: repair.proposer,
    approvers: repair.approvals.map((a) => a.approver),
    applier: opts.applier,
    proposals: repair.proposals.map((p) => ({ id: p.id, kind: p.kind, argv: p.argv })),
    commands: [],
    outcome: 'refused',
  };
  // The audit write never hides the outcome: a failure to write it is reported
  // next to the outcome (and, after a successful repair, as an error of its own).
  let auditError: Error | undefined;
  const finish = async (patch: Partial<AuditRecord>): Promise<AuditRecord> => {
    Object.assign(record, patch, { durationMs: Date.now() - started });
    try {
      await appendAudit(auditLog, record);
    } catch (err) {
      auditError = err as Error;
      progress(`could not append to the audit log ${auditLog}: ${auditError.message}`);
    }
    return record;
  };

  let ops: RepairOperation[];
  let backend: BackendDetails | undefined;
  let pulled: StateSnapshot;
  try {
    assertIdentity(opts.applier);
    verifyRepair(repair, {
      approvers: opts.approvers,
      applier: opts.applier,
      now: now(),
      ...(opts.applierKeyPem !== undefined ? { applierPublicKey: publicKeyOfPrivate(opts.applierKeyPem) } : {}),
    });
    // The argv in the file was canonicalised at propose time and is covered by
    // the hash; parse it again anyway: tfdoctor runs only what it recognises.
    ops = repair.proposals.map((p) => {
      const op = parseOperation(p.kind, p.argv);
      if (canonicalJson(displayArgv(op)) !== canonicalJson(p.argv)) throw new GuardError(GUARD_CHECKS.argv, `proposal ${p.id}'s argv is not in the form tfdoctor writes`);
      return op;
    });
    if (ops.length > 1 && ops.some((o) => o.kind === 'terraform-force-unlock')) {
      throw new GuardError(GUARD_CHECKS.argv, 'a force-unlock must be a repair on its own');
    }
    backend = await readBackend(dir);
    if (!sameBackend(repair.target.backend, backend)) {
      throw new GuardError(GUARD_CHECKS.targetChanged, `the working dir ${dir} is not initialised with the backend the repair was proposed for`);
    }
    pulled = await statePull(tf);
    checkStateBinding(repair.state, bindingOf(pulled), 'before locking');
    // A push sends only the bytes the approver signed (sha256), held to the push rule again.
    ops = await loadPushes(dir, ops, pulled, repair.proposals.map((p) => p.statePush));
    record.lineage = pulled.state.lineage;
    record.serialBefore = pulled.state.serial;
  } catch (err) {
    await finish({ outcome: 'refused', ...(err instanceof GuardError ? { check: err.check } : {}), error: (err as Error).message });
    throw err;
  }
  let lockTarget: LockTarget;
  let lockId: string;
  try {
    const lockable = assertLockable(backend);
    const workspace = await selectedWorkspace(dir);
    lockTarget = { backend: lockable, dir, workspace, env: { ...process.env, ...tf.env } };
    lockId = lockNameOf(dir, lockable, workspace);
  } catch (err) {
    await finish({ outcome: 'refused', ...(err instanceof GuardError ? { check: err.check } : { check: GUARD_CHECKS.lock }), error: (err as Error).message });
    throw err;
  }
  record.target.lockId = lockId;
  if (ops.length === 1 && ops[0]?.kind === 'terraform-force-unlock') {
    return await applyForceUnlock(ops[0].lockId);
  }
  return await applyUnderLock();

  async function applyForceUnlock(wantedId: string): Promise<ApplyRepairResult> {
    let backup: string;
    try {
      if (lockTarget.backend.type === 'local') {
        throw new GuardError(GUARD_CHECKS.lockId, 'a local state lock is an fcntl lock that ends with the process holding it: there is nothing to force-unlock (stop the process that holds it)');
      }
      const held = await readLock(lockTarget);
      if (!held) throw new GuardError(GUARD_CHECKS.lockId, `no lock is held on ${lockId}: nothing to unlock`);
      if (held.ID !== wantedId) {
        throw new GuardError(GUARD_CHECKS.lockId, `the lock on ${lockId} now has ID ${held.ID} (held by ${held.Who || 'unknown'} since ${held.Created || '?'}), not ${wantedId}: a different run holds it; plan again`);
      }
      backup = await writeBackup(backupDir, pulled, now());
    } catch (err) {
      await finish({ outcome: 'refused', ...(err instanceof GuardError ? { check: err.check } : {}), error: (err as Error).message });
      throw err;
    }
    try {
      progress(`force-unlock ${wantedId}`);
      record.commands.push([tf.bin, ...forceUnlockArgs(wantedId)]);
      await forceUnlock(tf, wantedId);
      const after = await readLock(lockTarget);
      if (after && after.ID === wantedId) throw new GuardError(GUARD_CHECKS.verify, `the lock ${wantedId} is still held after force-unlock`);
      const snap = await statePull(tf);
      if (snap.sha256 !== pulled.sha256) throw new GuardError(GUARD_CHECKS.verify, 'the state changed during force-unlock (it should not have)');
      const audit = await finish({ outcome: 'applied', backup, serialAfter: snap.state.serial });
      if (auditError) throw new EnvironmentError(`the lock ${wantedId} was removed but the audit record could not be written to ${auditLog}: ${auditError.message}`);
      return { outcome: 'applied', serialBefore: pulled.state.serial, serialAfter: snap.state.serial, lineage: pulled.state.lineage, backup, commands: record.commands, audit };
    } catch (err) {
      // force-unlock writes no state: nothing to restore.
      await finish({ outcome: 'failed-nothing-written', backup, ...(err instanceof GuardError ? { check: err.check } : { check: GUARD_CHECKS.execute }), error: (err as Error).message });
      throw err;
    }
  }

  async function applyUnderLock(): Promise<ApplyRepairResult> {
    let lock: HeldLock;
    try {
      progress(`taking the state lock ${lockId}`);
      lock = await acquireLock(tf, lockTarget, lockId, progress);
      if (lock.info?.ID) {
        record.lockInfo = { id: lock.info.ID, who: lock.info.Who, created: lock.info.Created };
        progress(`holding the state lock ${lockId} (ID ${lock.info.ID}, taken by terraform for tfdoctor ${VERSION} repair ${repair.hash.slice(0, 16)} applied by ${opts.applier})`);
      }
    } catch (err) {
      await finish({ outcome: 'refused', ...(err instanceof GuardError ? { check: err.check } : { check: GUARD_CHECKS.lock }), error: (err as Error).message });
      throw err instanceof GuardError ? err : new GuardError(GUARD_CHECKS.lock, (err as Error).message);
    }
    let backup: string | undefined;
    let journal: string | undefined;
    let wrote = false;
    let result: ApplyRepairResult | undefined;
    let failure: unknown;
    try {
      // Compare-and-swap: `state pull` takes no lock, so the state could have
      // moved between the first check and taking the lock.
      const locked = await statePull(tf);
      checkStateBinding(repair.state, bindingOf(locked), 'after taking the lock');
      progress('rehearsing on a local copy of the state');
      const rehearsal = await rehearse(tf, ops, locked);
      if (rehearsal.violations.length) {
        throw new GuardError(GUARD_CHECKS.rehearsal, `the rehearsal on a local copy did not give what the repair promises:\n  - ${rehearsal.violations.join('\n  - ')}`);
      }
      if (repair.prediction) {
        const diff = comparePrediction(repair.prediction, rehearsal);
        if (diff.length) {
          throw new GuardError(GUARD_CHECKS.prediction, `the rehearsal now predicts something else than the approved one (recorded ${repair.prediction.rehearsedAt}):\n  - ${diff.join('\n  - ')}\nplan again and propose again`);
        }
      } else if (repair.repairVersion >= 2) {
        throw new GuardError(GUARD_CHECKS.prediction, 'the repair file (repairVersion 2) records no rehearsal prediction for its state edits; propose again');
      }
      backup = await writeBackup(backupDir, locked, now());
      record.backup = backup;
      progress(`backed up serial ${locked.state.serial} to ${backup}`);
      // Before the first write: the journal, then the lock pinned (lock.ts): from
      // here a tfdoctor that dies leaves the lock, and the journal names the repair.
      if (lock.info?.ID && lockTarget.backend.type !== 'local') {
        journal = await writeJournal(dir, {
          lockId: lock.info.ID, repairHash: repair.hash, proposer: repair.proposer, approvers: record.approvers, applier: opts.applier,
          backup, startedAt: now().toISOString(), commands: ops.map(displayArgv),
        });
        await pinLock(lockTarget, lock);
        progress(`pinned the state lock ${lock.info.ID} for the writes (journal ${journal}): should tfdoctor die from here on, the lock stays and the next plan names this repair`);
      }
      for (const [i, op] of ops.entries()) {
        if (!(await stillHeld(lockTarget, lock))) throw new EnvironmentError(`the state lock ${lockId} is no longer ours (its terraform process exited, or its record changed); stopping before ${displayArgv(op).join(' ')}`);
        wrote = true; // a command that fails half-way may still have written
        progress(`running ${displayArgv(op).join(' ')}`);
        // Recorded before it runs: after a failure the last command is the one that failed.
        const argv = [tf.bin, ...operationArgs(op, false)];
        record.commands.push(argv);
        await runOperation(tf, op, false);
        await opts.hooks?.afterCommand?.(i, argv);
      }
      progress('verifying with a fresh plan');
      const actual = planEffect(await plan(tf, { lock: false }));
      const problems = compareEffects(rehearsal.after, actual);
      for (const p of repair.proposals) {
        const why = findingGone(p.findingKind, p.address, actual);
        if (why) problems.push(`finding ${p.findingId} (${p.findingKind}) is not gone: ${why}`);
      }
      if (problems.length) throw new GuardError(GUARD_CHECKS.verify, `the fresh plan after the repair is not what was rehearsed:\n  - ${problems.join('\n  - ')}`);
      const after = await statePull(tf);
      for (const op of ops) {
        if (op.kind === 'terraform-state-push' && op.pushed && stateContent(after) !== stateContent(op.pushed.snap)) {
          throw new GuardError(GUARD_CHECKS.verify, `the state after the push is not the content of ${op.file}`);
        }
      }
      record.serialAfter = after.state.serial;
      result = {
        outcome: 'applied',
        serialBefore: locked.state.serial,
        serialAfter: after.state.serial,
        lineage: after.state.lineage,
        backup,
        commands: record.commands,
        rehearsal: { before: rehearsal.before, after: rehearsal.after, durationMs: rehearsal.durationMs },
        audit: record,
      };
    } catch (err) {
      failure = err;
    }

    let restored: RestoreOutcome | undefined;
    if (failure !== undefined && wrote && backup) {
      restored = await restore(backup);
    }
    const restoreNote = restored?.note ?? '';
    let releaseError: unknown;
    try {
      // Without the caller's signal: a cancelled run still releases its lock.
      const rtf: TerraformContext = { ...tf, timeoutMs: 300_000 };
      delete rtf.signal;
      await releaseLock(lockTarget, lock, rtf);
      if (journal) await removeJournal(journal);
    } catch (err) {
      releaseError = err;
    }

    if (failure !== undefined) {
      const check = failure instanceof GuardError ? failure.check : wrote ? GUARD_CHECKS.execute : GUARD_CHECKS.prepare;
      const outcome: AuditRecord['outcome'] = !wrote
        ? (failure instanceof GuardError ? 'refused' : 'failed-nothing-written')
        : restored?.restored ? 'failed-restored' : 'failed-restore-failed';
      const release = releaseError ? `\nreleasing the lock failed: ${(releaseError as Error).message}` : '';
      const base = failure instanceof GuardError ? failure.message.slice(check.length + 2) : (failure as Error).message;
      const msg = wrote ? `${base}\n${restoreNote}${release}` : `${base}\nnothing was written to the state${release}`;
      await finish({ outcome, check, error: msg });
      if (!wrote && !releaseError) throw failure;
      throw new GuardError(check, msg);
    }
    // The pushed errored.tfstate goes next to the backups: the next plan must not report it again.
    for (const op of ops) {
      if (op.kind !== 'terraform-state-push' || !op.pushed) continue;
      try {
        record.pushedFile = await retireErroredState(dir, op.file, backupDir, op.pushed.snap.state.serial, now());
        progress(`moved the pushed ${op.file} to ${record.pushedFile}`);
      } catch (err) {
        progress(`could not move the pushed ${op.file} away (${(err as Error).message}); remove it by hand: it is in the state now`);
      }
    }
    const audit = await finish({ outcome: 'applied', ...(releaseError ? { error: `releasing the lock failed: ${(releaseError as Error).message}` } : {}) });
    if (auditError) throw new EnvironmentError(`the repair was applied (serial ${result?.serialAfter}, backup ${backup}) but the audit record could not be written to ${auditLog}: ${auditError.message}`);
    if (releaseError) throw new EnvironmentError(`the repair was applied (serial ${result?.serialAfter}) but releasing the lock failed: ${(releaseError as Error).message}`, `check the lock; its ID is ${lock.info?.ID ?? 'unknown'}`);
    return { ...(result as ApplyRepairResult), audit };

    async function restore(backupFile: string): Promise<RestoreOutcome> {
      // The restore must run even when the caller cancelled: without the signal.
      const rtf: TerraformContext = { ...tf, timeoutMs: 300_000 };
      delete rtf.signal;
      try {
        const current = await statePullIfAny(rtf).catch(() => undefined);
        const { raw, serial } = restoreBytes(pulled, current?.state.serial);
        progress(`restoring the backup ${backupFile} as serial ${serial}`);
        // -force: the failed run may have left a state terraform considers newer;
        // we hold the lock, and the content is the reviewed backup.
        await statePushRaw(rtf, raw, { lock: false, force: true });
        const check = await statePull(rtf);
        if (stateContent(check) !== stateContent(pulled)) {
          return { restored: false, note: `RESTORE DID NOT TAKE: the state after pushing the backup differs from it; restore ${backupFile} by hand (terraform state push -force)` };
        }
        record.serialAfter = check.state.serial;
        return { restored: true, note: `restored the state from the backup ${backupFile} (now serial ${check.state.serial}, same content as serial ${pulled.state.serial})` };
      } catch (err) {
        return { restored: false, note: `RESTORE FAILED (${(err as Error).message}); restore ${backupFile} by hand: terraform state push -force ${backupFile}` };
      }
    }
  }
}
