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

/**
 * The state a plan was made against, as the backend held it: `tfstate-prev` (read before
 * refresh), or undefined when the backend held none. Terraform 1.11.4 writes `tfstate-prev`
 * with serial 0 and an empty lineage always (seen); the backend's own lineage and serial are
 * on `tfstate`. "None" is then what `state pull` calls none: lineage "", serial 0, no resources.
 */
export async function readPlanFilePrevState(planFile: string): Promise<StateSnapshot | undefined> {
  const bytes = await readFile(planFile);
  const files = unzipSync(bytes, { filter: (f) => f.name === 'tfstate' || f.name === 'tfstate-prev' });
  const now = files['tfstate'];
  const prev = files['tfstate-prev'];
  if (!now || !prev) return undefined;
  const stored = snapshotOf(strFromU8(now), `${planFile}!tfstate`);
  const snap = snapshotOf(strFromU8(prev), `${planFile}!tfstate-prev`);
  return stored.state.lineage === '' && stored.state.serial === 0 && snap.state.resources.length === 0 ? undefined : snap;
}
