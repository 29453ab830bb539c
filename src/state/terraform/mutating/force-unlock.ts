/** `terraform force-unlock -force LOCK_ID`. MUTATES (the lock). */
import type { TerraformContext } from '../context.js';
import { runTerraform, type RunResult } from '../exec.js';
import { assertPositional } from '../address.js';

export function forceUnlockArgs(lockId: string): string[] {
  // -force: no confirmation prompt; with TF_INPUT=0 terraform would otherwise refuse.
  return ['force-unlock', '-no-color', '-force', assertPositional(lockId, 'lock id')];
}

export async function forceUnlock(tf: TerraformContext, lockId: string): Promise<RunResult> {
  return runTerraform(tf, forceUnlockArgs(lockId));
}
