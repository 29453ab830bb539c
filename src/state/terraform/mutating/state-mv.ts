/** `terraform state mv`: rename an address in state. MUTATES STATE (see state-rm.ts). */
import type { TerraformContext } from '../context.js';
import { runTerraform, type RunResult } from '../exec.js';
import { assertAddress } from '../address.js';
import { lockTimeoutFlag, type LockOptions } from './lock-flags.js';

export interface StateMvOptions extends LockOptions {
  dryRun?: boolean;
}

export function stateMvArgs(source: string, destination: string, opts: StateMvOptions = {}): string[] {
  return [
    'state', 'mv', '-no-color',
    ...lockTimeoutFlag(opts), `-lock=${opts.lock ?? true}`, `-dry-run=${opts.dryRun ?? false}`,
    assertAddress(source, 'source address'), assertAddress(destination, 'destination address'),
  ];
}

export async function stateMv(tf: TerraformContext, source: string, destination: string, opts: StateMvOptions = {}): Promise<RunResult> {
  return runTerraform(tf, stateMvArgs(source, destination, opts));
}
