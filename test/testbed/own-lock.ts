/**
 * The emulator's one known way to make terraform lock itself out.
 *
 * Under load, moto now and then loses the response to terraform's conditional
 * lock write (DynamoDB PutItem `attribute_not_exists(LockID)`, or S3 PutObject
 * `If-None-Match: *`). The SDK retries. The first attempt did write the lock, so
 * the retry fails its own condition, and terraform reports "Error acquiring the
 * state lock", with the Lock Info of its own operation (seen once in a
 * fresh-clone CI run, `state mv` in runner.test.ts). Then the lock stays behind,
 * and every later test of the file fails on it.
 *
 * `retryOwnLostLock` runs one terraform operation. It reruns the operation once
 * only when the failure is exactly that: a lock created after the operation
 * started, by this user on this host, for the named operation type. It
 * force-unlocks that lock first, and says so on stderr. Use it only in files
 * where nothing else runs terraform against the same state at the same time:
 * there, a lock of that shape can only be the operation's own.
 */
import * as os from 'node:os';
import { ownLostLockInDiagnostics, parseLockInfo, type LockInfo } from '../../src/doctor/lock-info.js';
import { EXTRACT } from '../../src/doctor/patterns.js';
import { TerraformExitError } from '../../src/errors.js';
import { apply, type ApplyOptions, type ApplyRun } from '../../src/state/terraform/mutating/apply.js';
import { forceUnlock } from '../../src/state/terraform/mutating/force-unlock.js';
import type { TerraformContext } from '../../src/state/terraform/context.js';

/**
 * Terraform's Lock Info `Operation`: `OperationTypeApply`/`OperationTypePlan` for
 * runs, the command's lock reason for state commands (`state-mv`, `state-rm`,
 * `state-push`).
 */
export type LockOperation = string;

function failureText(outcome: unknown): string | undefined {
  if (outcome instanceof TerraformExitError) return outcome.stderr;
  if (outcome && typeof outcome === 'object' && 'exitCode' in outcome && 'stderr' in outcome) {
    const { exitCode, stderr } = outcome as { exitCode: unknown; stderr: unknown };
    if (exitCode === 1 && typeof stderr === 'string') return stderr;
  }
  return undefined;
}

/** The lock in `text` when it is this operation's own lost write, else undefined. */
export function ownLostLock(text: string, startedAt: number, operation: LockOperation): LockInfo | undefined {
  if (!text.includes('Error acquiring the state lock')) return undefined;
  const info = parseLockInfo(text);
  if (!info?.id || !info.createdIso) return undefined;
  const me = `${os.userInfo().username}@${os.hostname()}`;
  // Go prints Created with nanoseconds; Date has milliseconds. A second of slack.
  const fresh = Date.parse(info.createdIso) >= startedAt - 1000;
  return info.who === me && info.operation === operation && fresh ? info : undefined;
}

export async function retryOwnLostLock<T>(tf: TerraformContext, operation: LockOperation, op: () => Promise<T>): Promise<T> {
  const startedAt = Date.now();
  let outcome: unknown;
  let threw = false;
  try {
    outcome = await op();
  } catch (e) {
    outcome = e;
    threw = true;
  }
  const text = failureText(outcome);
  const own = text === undefined ? undefined : ownLostLock(text, startedAt, operation);
  if (!own?.id) {
    if (threw) throw outcome;
    return outcome as T;
  }
  process.stderr.write(`testbed: terraform locked itself out (lost lock write, lock ${own.id}); force-unlocking and running it once more\n`);
  await forceUnlock(tf, own.id);
  return op();
}

/**
 * `apply` that survives its own lost lock write exactly as `tfdoctor plan` does
 * (src/run/plan-account.ts): terraform's core log names the lock IDs it was about to
 * write, and only a lock error naming one of those is force-unlocked and applied once
 * more. No other run's lock can match, so it is safe beside concurrent runs too.
 */
export async function applyRecoveringOwnLock(tf: TerraformContext, opts: ApplyOptions = {}): Promise<ApplyRun> {
  const run = await apply(tf, { ...opts, lockAttemptLine: EXTRACT.backendLockAttempt.re });
  const own = run.exitCode === 1 ? ownLostLockInDiagnostics(run.diagnostics, run.attemptedLockIds) : undefined;
  if (!own) return run;
  process.stderr.write(`testbed: apply locked itself out (lost lock write, lock ${own}); force-unlocking and applying once more\n`);
  await forceUnlock(tf, own);
  return apply(tf, { ...opts, lockAttemptLine: EXTRACT.backendLockAttempt.re });
}
