/** `terraform state pull`: the raw state with lineage and serial (about 0.4 s: no provider start). */
import { EnvironmentError } from '../../errors.js';
import { isEmptyState, snapshotOf, type StateSnapshot } from '../state-snapshot.js';
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';

export function statePullArgs(): string[] {
  return ['state', 'pull'];
}

/**
 * The state, or undefined when the backend holds none yet. Seen on 1.11.4: the
 * local backend prints nothing then; the S3 backend prints an empty state with
 * `"lineage": ""` and serial 0. Both mean "no state".
 */
export async function statePullIfAny(tf: TerraformContext): Promise<StateSnapshot | undefined> {
  const r = await runTerraform(tf, statePullArgs());
  if (r.stdout.trim() === '') return undefined;
  const snap = snapshotOf(r.stdout, `${tf.cwd} (terraform state pull)`);
  if (isEmptyState(snap)) return undefined;
  return snap;
}

export async function statePull(tf: TerraformContext): Promise<StateSnapshot> {
  const snap = await statePullIfAny(tf);
  if (!snap) throw new EnvironmentError(`no Terraform state in the backend of ${tf.cwd} yet`, 'run terraform apply first, or check the backend key');
  return snap;
}
