/** `terraform output -json`. Sensitive values are dropped here, so they can never reach a report. */
import { z } from 'zod';
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';
import { parseJsonDoc } from './show.js';

const OutputsJson = z.record(z.string(), z.looseObject({ sensitive: z.boolean(), type: z.unknown().optional(), value: z.unknown().optional() }));

export interface OutputValue {
  sensitive: boolean;
  type?: unknown;
  /** Absent when `sensitive`. */
  value?: unknown;
}

export function outputArgs(): string[] {
  return ['output', '-json', '-no-color'];
}

export async function output(tf: TerraformContext): Promise<Record<string, OutputValue>> {
  const r = await runTerraform(tf, outputArgs());
  const all = parseJsonDoc(OutputsJson, r.stdout.trim() === '' ? '{}' : r.stdout, r.argv, 'outputs JSON');
  const out: Record<string, OutputValue> = {};
  for (const [name, o] of Object.entries(all)) {
    out[name] = o.sensitive ? { sensitive: true, type: o.type } : { sensitive: false, type: o.type, value: o.value };
  }
  return out;
}
