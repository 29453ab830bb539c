/**
 * `terraform state push`: replace the backend's state. MUTATES STATE (see state-rm.ts).
 * Without `force`, terraform refuses a different lineage or a lower serial:
 * that is the compare-and-swap the repair guard relies on.
 */
import type { TerraformContext } from '../context.js';
import { runTerraform, type RunResult } from '../exec.js';
import { assertPositional } from '../address.js';
import { lockTimeoutFlag, type LockOptions } from './lock-flags.js';

export interface StatePushOptions extends LockOptions {
  /** Skip the lineage/serial checks (default false). */
  force?: boolean;
}

/** `file` is a path, or "-" to read the state from stdin (see statePushRaw). */
export function statePushArgs(file: string, opts: StatePushOptions = {}): string[] {
  return [
    'state', 'push',
    ...lockTimeoutFlag(opts), `-lock=${opts.lock ?? true}`, `-force=${opts.force ?? false}`,
    file === '-' ? '-' : assertPositional(file, 'state file'),
  ];
}

export async function statePush(tf: TerraformContext, file: string, opts: StatePushOptions = {}): Promise<RunResult> {
  return runTerraform(tf, statePushArgs(file, opts));
}

/** Push state bytes through stdin, so no state copy is left on disk. */
export async function statePushRaw(tf: TerraformContext, raw: string, opts: StatePushOptions = {}): Promise<RunResult> {
  return runTerraform(tf, statePushArgs('-', opts), { input: raw });
}
