/** `terraform plan -json -detailed-exitcode`: the one plan per account tfdoctor diagnoses. */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnosticsOf, parseUiStream, type Diagnostic, type UiMessage } from '../../tfjson/ui-stream.js';
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';
import { assertPositional } from './address.js';

export interface PlanOptions {
  /** Save the plan here (relative to tf.cwd or absolute). */
  out?: string;
  /** e.g. "5s": how long to wait for a held state lock (unset: terraform's default, 0s). */
  lockTimeout?: string;
  /** Concurrent operations (terraform's default 10). */
  parallelism?: number;
  /** Only reconcile state with real objects (default false). */
  refreshOnly?: boolean;
  /** Take the state lock (default true). */
  lock?: boolean;
  /** Plan destroying everything (default false). */
  destroy?: boolean;
  /** Refresh before planning (default true). */
  refresh?: boolean;
  /** Read the IDs of the locks terraform is about to write from its core log (RunOptions.lockAttemptLine). */
  lockAttemptLine?: RegExp;
}

export interface PlanRun {
  /** -detailed-exitcode: 0 no changes, 2 changes, 1 errors (returned, not thrown: the diagnostics are the finding). */
  exitCode: 0 | 1 | 2;
  hasChanges: boolean;
  /**
   * Absolute path of the saved plan, when `out` was given and terraform wrote it.
   * Terraform 1.11.4 writes it even for a plan that errored on a data source
   * (`show -json` then has `errored: true`; it cannot be applied), but not when
   * the backend or the lock failed (seen in fixtures/captured).
   */
  planFile?: string;
  messages: UiMessage[];
  diagnostics: Diagnostic[];
  /** Lines of stdout that were not UI messages (never dropped). */
  otherStdout: string[];
  stderr: string;
  durationMs: number;
  /** With `lockAttemptLine`: the lock IDs this terraform logged it was about to write. */
  attemptedLockIds: string[];
}

export function planArgs(opts: PlanOptions = {}): string[] {
  const args = ['plan', '-json', '-input=false', '-detailed-exitcode'];
  if (opts.out !== undefined) args.push(`-out=${assertPositional(opts.out, 'plan file')}`);
  if (opts.lockTimeout !== undefined) args.push(`-lock-timeout=${opts.lockTimeout}`);
  if (opts.parallelism !== undefined) args.push(`-parallelism=${Math.max(1, Math.trunc(opts.parallelism))}`);
  args.push(
    `-refresh-only=${opts.refreshOnly ?? false}`,
    `-lock=${opts.lock ?? true}`,
    `-destroy=${opts.destroy ?? false}`,
    `-refresh=${opts.refresh ?? true}`,
  );
  return args;
}

export async function plan(tf: TerraformContext, opts: PlanOptions = {}): Promise<PlanRun> {
  const planFile = opts.out !== undefined ? path.resolve(tf.cwd, opts.out) : undefined;
  // A stale file from an earlier run must not pass for this plan's output.
  if (planFile) await rm(planFile, { force: true });
  const r = await runTerraform(tf, planArgs(opts), { okExitCodes: [1, 2], ...(opts.lockAttemptLine ? { lockAttemptLine: opts.lockAttemptLine } : {}) });
  const { messages, other } = parseUiStream(r.stdout);
  const exitCode = r.exitCode as 0 | 1 | 2;
  const run: PlanRun = {
    exitCode,
    hasChanges: exitCode === 2,
    messages,
    diagnostics: diagnosticsOf(messages),
    otherStdout: other,
    stderr: r.stderr,
    durationMs: r.durationMs,
    attemptedLockIds: r.attemptedLockIds ?? [],
  };
  if (planFile && existsSync(planFile)) run.planFile = planFile;
  return run;
}
