/**
 * `terraform state rm`: forget objects without destroying them. MUTATES STATE:
 * only src/repair, the test bed, tests and scripts may import this folder.
 */
import type { TerraformContext } from '../context.js';
import { runTerraform, type RunResult } from '../exec.js';
import { assertAddress, assertPositional } from '../address.js';
import { lockTimeoutFlag, type LockOptions } from './lock-flags.js';

export interface StateRmOptions extends LockOptions {
  /** Where the local backup goes (`-backup`). With a remote backend terraform 1.11 ignores it: tfdoctor backs up by `state pull` first. */
  backup?: string;
  /** Only print what would be removed (default false). */
  dryRun?: boolean;
}

export function stateRmArgs(addresses: readonly string[], opts: StateRmOptions = {}): string[] {
  if (addresses.length === 0) throw new Error('stateRmArgs: no address');
  // -no-color as terraform-exec passes it: no ANSI to strip from what is classified (STYLE: pass the flags terraform takes).
  const args = ['state', 'rm', '-no-color'];
  if (opts.backup !== undefined) args.push(`-backup=${assertPositional(opts.backup, 'backup path')}`);
  args.push(...lockTimeoutFlag(opts), `-lock=${opts.lock ?? true}`, `-dry-run=${opts.dryRun ?? false}`);
  args.push(...addresses.map((a) => assertAddress(a)));
  return args;
}

export async function stateRm(tf: TerraformContext, addresses: readonly string[], opts: StateRmOptions = {}): Promise<RunResult> {
  return runTerraform(tf, stateRmArgs(addresses, opts));
}
