/** `terraform apply -json`. MUTATES STATE AND REAL OBJECTS (see state-rm.ts). */
import * as path from 'node:path';
import { diagnosticsOf, parseUiStream, type Diagnostic, type UiMessage } from '../../../tfjson/ui-stream.js';
import type { TerraformContext } from '../context.js';
import { runTerraform } from '../exec.js';
import { assertPositional } from '../address.js';
import { lockTimeoutFlag, type LockOptions } from './lock-flags.js';

export interface ApplyOptions extends LockOptions {
  /** Apply this saved plan (planning flags are then not allowed by terraform). */
  planFile?: string;
  parallelism?: number;
  /** Without a plan file: only write refreshed values to state (default false). */
  refreshOnly?: boolean;
  /** Read the IDs of the locks terraform is about to write from its core log (RunOptions.lockAttemptLine). */
  lockAttemptLine?: RegExp;
}

export interface ApplyRun {
  /** 0 applied, 1 errors (returned with the diagnostics, e.g. "already exists"). */
  exitCode: 0 | 1;
  messages: UiMessage[];
  diagnostics: Diagnostic[];
  otherStdout: string[];
  stderr: string;
  durationMs: number;
  /** With `lockAttemptLine`: the lock IDs this terraform logged it was about to write. */
  attemptedLockIds: string[];
}

export function applyArgs(opts: ApplyOptions = {}): string[] {
  const args = ['apply', '-json', '-input=false'];
  args.push(...lockTimeoutFlag(opts));
  if (opts.parallelism !== undefined) args.push(`-parallelism=${Math.max(1, Math.trunc(opts.parallelism))}`);
  args.push(`-lock=${opts.lock ?? true}`, '-auto-approve');
  if (opts.planFile !== undefined) {
    // Terraform 1.11: "Can't set planning options" with a saved plan, so -refresh-only stays out.
    args.push(assertPositional(opts.planFile, 'plan file'));
  } else {
    args.push(`-refresh-only=${opts.refreshOnly ?? false}`);
  }
  return args;
}

export async function apply(tf: TerraformContext, opts: ApplyOptions = {}): Promise<ApplyRun> {
  const o = opts.planFile !== undefined ? { ...opts, planFile: path.resolve(tf.cwd, opts.planFile) } : opts;
  const r = await runTerraform(tf, applyArgs(o), { okExitCodes: [1], ...(opts.lockAttemptLine ? { lockAttemptLine: opts.lockAttemptLine } : {}) });
  const { messages, other } = parseUiStream(r.stdout);
  return {
    exitCode: r.exitCode as 0 | 1, messages, diagnostics: diagnosticsOf(messages), otherStdout: other, stderr: r.stderr, durationMs: r.durationMs,
    attemptedLockIds: r.attemptedLockIds ?? [],
  };
}
