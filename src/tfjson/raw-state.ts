/**
 * The raw state document, version 4: what `terraform state pull` prints and what
 * a plan file's `tfstate` entry holds. Different from `show -json` state: this one
 * carries `lineage` and `serial`, which the repair guard binds to.
 */
import { z } from 'zod';

export const RawInstance = z.looseObject({
  index_key: z.union([z.string(), z.number()]).optional(),
  status: z.string().optional(),
  deposed: z.string().optional(),
  schema_version: z.number().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  sensitive_attributes: z.array(z.unknown()).optional(),
  private: z.string().optional(),
  dependencies: z.array(z.string()).optional(),
});
export type RawInstance = z.infer<typeof RawInstance>;

export const RawResource = z.looseObject({
  module: z.string().optional(),
  mode: z.enum(['managed', 'data']),
  type: z.string(),
  name: z.string(),
  each: z.string().optional(),
  provider: z.string(),
  instances: z.array(RawInstance),
});
export type RawResource = z.infer<typeof RawResource>;

/** The raw state document (`terraform state pull`, format version 4): lineage, serial, resources. */
export const RawState = z.looseObject({
  version: z.literal(4, { message: 'tfdoctor reads state format version 4 (Terraform 0.12+)' }),
  terraform_version: z.string(),
  serial: z.number().int(),
  lineage: z.string(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  resources: z.array(RawResource),
  check_results: z.unknown().optional(),
});
export type RawState = z.infer<typeof RawState>;

/** Addresses of the managed resource instances in a raw state, as Terraform prints them. */
export function rawStateAddresses(state: RawState): string[] {
  const out: string[] = [];
  for (const r of state.resources) {
    if (r.mode !== 'managed') continue;
    const base = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
    for (const inst of r.instances) {
      if (inst.deposed) continue;
      if (inst.index_key === undefined) out.push(base);
      else out.push(typeof inst.index_key === 'number' ? `${base}[${inst.index_key}]` : `${base}[${JSON.stringify(inst.index_key)}]`);
    }
  }
  return out;
}
