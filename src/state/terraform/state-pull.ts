/** `terraform state pull`: the raw state with lineage and serial (about 0.4 s: no provider start). */
import { EnvironmentError } from '../../errors.js';
import { snapshotOf, type StateSnapshot } from '../state-snapshot.js';
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';

export function statePullArgs(): string[] {
  return ['state', 'pull'];
}

/** The state, or undefined when the backend holds none yet (`state pull` prints nothing then; seen on 1.11.4). */
export async function statePullIfAny(tf: TerraformContext): Promise<StateSnapshot | undefined> {
  const r = await runTerraform(tf, statePullArgs());
  if (r.stdout.trim() === '') return undefined;
  return snapshotOf(r.stdout, `${tf.cwd} (terraform state pull)`);
}

export async function statePull(tf: TerraformContext): Promise<StateSnapshot> {
  const snap = await statePullIfAny(tf);
  if (!snap) throw new EnvironmentError(`no Terraform state in the backend of ${tf.cwd} yet`, 'run terraform apply first, or check the backend key');
  return snap;
}
