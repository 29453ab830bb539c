/** `terraform import ADDR ID`: adopt an existing object. MUTATES STATE (see state-rm.ts). */
import type { TerraformContext } from '../context.js';
import { runTerraform, type RunResult } from '../exec.js';
import { assertAddress, assertPositional } from '../address.js';
import { lockTimeoutFlag, type LockOptions } from './lock-flags.js';

export interface ImportOptions extends LockOptions {
  /** Concurrent operations (terraform's default 10). */
  parallelism?: number;
}

export function importArgs(address: string, id: string, opts: ImportOptions = {}): string[] {
  const args = ['import', '-no-color', '-input=false'];
  args.push(...lockTimeoutFlag(opts));
  if (opts.parallelism !== undefined) args.push(`-parallelism=${Math.max(1, Math.trunc(opts.parallelism))}`);
  args.push(`-lock=${opts.lock ?? true}`, assertAddress(address), assertPositional(id, 'import id'));
  return args;
}

export async function importResource(tf: TerraformContext, address: string, id: string, opts: ImportOptions = {}): Promise<RunResult> {
  return runTerraform(tf, importArgs(address, id, opts));
}
