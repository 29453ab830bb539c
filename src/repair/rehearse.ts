/**
 * The rehearsal (STYLE example 6, as tfmigrate does): replay the repair on a
 * local copy of the pulled state in a throwaway copy of the working dir, and
 * prove with plans that the result is what was promised, before anything is
 * written to the backend.
 *
 * The throwaway dir gets the config files (not `.terraform`, not local state
 * files, not tfdoctor's own backups) plus an override file that swaps the
 * backend for `local`: Terraform (1.11) replaces the whole backend block from an
 * `*_override.tf.json` file. `state rm -state=FILE` would not do: with a remote
 * backend configured, the legacy `-state` flag is not honoured by the state
 * commands.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import type { TerraformContext } from '../state/terraform/context.js';
import { mirrorCliConfigIfNeeded } from '../state/cli-config.js';
import { init } from '../state/terraform/init.js';
import { plan } from '../state/terraform/plan.js';
import { snapshotOf, type StateSnapshot } from '../state/state-snapshot.js';
import { moduleOf, type RepairOperation } from './actions/index.js';
import { checkPromise, planEffect, type PlanEffect } from './promise.js';
import type { RunResult } from '../state/terraform/exec.js';

export const REHEARSAL_OVERRIDE = 'zz_tfdoctor_rehearsal_override.tf.json';
const REHEARSAL_STATE = 'rehearsal.tfstate';

// Never copied into the throwaway dir: Terraform's own data dir (it is re-initialised
// against the local backend), state files, tfdoctor's backups and audit log.
const SKIP = new Set(['.terraform', '.tfdoctor', 'terraform.tfstate', 'terraform.tfstate.backup', '.terraform.tfstate.lock.info', 'terraform.tfstate.d', '.git']);

export interface Rehearsal {
  before: PlanEffect;
  after: PlanEffect;
  afterState: StateSnapshot;
  /** Empty when the promise holds. */
  violations: string[];
  durationMs: number;
}

/** The argv `runOperation` runs (without the binary), for the audit record before it runs. */
export function operationArgs(op: RepairOperation, lock: boolean): string[] {
  const edit = moduleOf(op).edit;
  if (!edit) throw new InputError(`${op.kind} is not run through runOperation`);
  return edit.args(op, lock);
}

/** Run one operation; `lock` is false on the real backend while tfdoctor holds the lock itself. */
export async function runOperation(tf: TerraformContext, op: RepairOperation, lock: boolean): Promise<RunResult> {
  const edit = moduleOf(op).edit;
  if (!edit) throw new InputError(`${op.kind} is not rehearsed: it changes the lock, not the state`);
  return edit.run(tf, op, lock);
}

export async function rehearse(tf: TerraformContext, ops: readonly RepairOperation[], pulled: StateSnapshot): Promise<Rehearsal> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-rehearsal-'));
  const removeAfter: (() => Promise<void>)[] = [];
  try {
    await cp(tf.cwd, dir, {
      recursive: true,
      filter: (src) => {
        const name = basename(src);
        return !SKIP.has(name) && !name.endsWith('.tfplan') && !name.startsWith('errored.tfstate') && name !== REHEARSAL_OVERRIDE;
      },
    });
    const statePath = join(dir, REHEARSAL_STATE);
    await writeFile(statePath, pulled.raw, { mode: 0o600 });
    await writeFile(join(dir, REHEARSAL_OVERRIDE), `${JSON.stringify({ terraform: { backend: { local: { path: statePath } } } }, null, 2)}\n`);
    // TF_DATA_DIR would point the copy at the real dir's .terraform (and its s3
    // backend); TF_WORKSPACE would move the local state path.
    const rtf: TerraformContext = { ...tf, cwd: dir, env: { ...tf.env, TF_DATA_DIR: join(dir, '.terraform'), TF_WORKSPACE: undefined } };
    // The real dir was initialised some time ago; the copy needs providers now: on a
    // machine without registry access, the one mirror policy (src/state/cli-config.ts).
    const cliConfig = await mirrorCliConfigIfNeeded(tf.env);
    if (cliConfig) {
      removeAfter.push(cliConfig.remove);
      rtf.env = { ...rtf.env, TF_CLI_CONFIG_FILE: cliConfig.file };
    }
    // The "before" plan runs in the real dir (read-only: -lock=false under the
    // lock tfdoctor holds) while the copy is initialised and edited: two provider
    // starts overlap instead of queueing.
    const editCopy = async () => {
      await init(rtf, {});
      for (const op of ops) await runOperation(rtf, op, false);
      const snap = snapshotOf(await readFile(statePath, 'utf8'), 'rehearsal state');
      return { snap, run: await plan(rtf, { lock: false }) };
    };
    // allSettled: never remove the copy while terraform still runs in it.
    const [b, e] = await Promise.allSettled([plan(tf, { lock: false }), editCopy()]);
    if (b.status === 'rejected') throw b.reason;
    if (e.status === 'rejected') throw e.reason;
    const edited = e.value;
    const before = planEffect(b.value);
    const after = planEffect(edited.run);
    const afterState = edited.snap;
    const violations = checkPromise(ops, before, after, afterState.state);
    return { before, after, afterState, violations, durationMs: Date.now() - started };
  } finally {
    await rm(dir, { recursive: true, force: true });
    for (const remove of removeAfter) await remove();
  }
}
