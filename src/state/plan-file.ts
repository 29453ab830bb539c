/**
 * A saved plan file is a zip (Terraform 1.x) holding `tfplan`, `tfstate` (the
 * refreshed prior state, raw v4 with lineage/serial), `tfstate-prev` and the
 * config. Reading `tfstate` binds a repair to the state without a `state pull`.
 */
import { readFile } from 'node:fs/promises';
import { strFromU8, unzipSync } from 'fflate';
import { InputError } from '../errors.js';
import { snapshotOf, type StateSnapshot } from './state-snapshot.js';

export type PlanFileEntry = 'tfstate' | 'tfstate-prev';

/**
 * Note: the sha256 here is over the plan's copy of the state, which Terraform
 * re-serialises after refresh; it is not the hash of what `state pull` prints.
 */
export async function readPlanFileState(planFile: string, entry: PlanFileEntry = 'tfstate'): Promise<StateSnapshot> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(planFile);
  } catch (err) {
    throw new InputError(`cannot read plan file: ${(err as Error).message}`, planFile);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === entry });
  } catch {
    throw new InputError('not a Terraform plan file (not a zip)', planFile);
  }
  const data = files[entry];
  if (!data) throw new InputError(`plan file has no "${entry}" entry`, planFile);
  return snapshotOf(strFromU8(data), `${planFile}!${entry}`);
}
