/**
 * The guarded push of `errored.tfstate` (docs/repair.md, "Pushing
 * errored.tfstate"): reads the file the failed apply left, holds it to the push
 * rule (src/doctor/errored-state.ts: same lineage, serial 1 or 2 above the
 * current one) and, at apply time, to the sha256 the approver signed, then
 * attaches the bytes and the instance-level difference to the operation.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { erroredPushRefusal } from '../doctor/errored-state.js';
import { GuardError } from '../errors.js';
import { readErroredState } from '../state/errored-state.js';
import type { StateSnapshot } from '../state/state-snapshot.js';
import type { RawState } from '../tfjson/raw-state.js';
import type { PushedState, RepairOperation } from './actions/index.js';
import { canonicalJson } from './canonical-json.js';
import type { StatePushBinding } from './repair-file.js';
import { GUARD_CHECKS } from './verify.js';

/** address -> canonical JSON of the instance (managed, not deposed). */
function instances(state: RawState): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of state.resources) {
    if (r.mode !== 'managed') continue;
    const base = `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}`;
    for (const inst of r.instances) {
      if (inst.deposed) continue;
      const addr = inst.index_key === undefined ? base : typeof inst.index_key === 'number' ? `${base}[${inst.index_key}]` : `${base}[${JSON.stringify(inst.index_key)}]`;
      out.set(addr, canonicalJson(inst));
    }
  }
  return out;
}

/** The instances `next` adds, drops and changes against `current`. */
export function stateDifference(current: RawState, next: RawState): Pick<PushedState, 'added' | 'removed' | 'changed'> {
  const a = instances(current);
  const b = instances(next);
  return {
    added: [...b.keys()].filter((k) => !a.has(k)).sort(),
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
    changed: [...b.keys()].filter((k) => a.has(k) && a.get(k) !== b.get(k)).sort(),
  };
}

/**
 * Loads the errored.tfstate of `dir` into every push operation of `ops`,
 * checked against the push rule over `current` and, when given, the binding the
 * repair file recorded. GuardError(errored-state) when it is missing, changed or refused.
 */
export async function loadPushes(dir: string, ops: RepairOperation[], current: StateSnapshot, bindings?: readonly (StatePushBinding | undefined)[]): Promise<RepairOperation[]> {
  const out: RepairOperation[] = [];
  for (const [i, op] of ops.entries()) {
    if (op.kind !== 'terraform-state-push') {
      out.push(op);
      continue;
    }
    const errored = await readErroredState(dir);
    if (!errored) throw new GuardError(GUARD_CHECKS.erroredState, `there is no ${op.file} in ${dir} to push (pushed already, or moved)`);
    if (bindings) {
      const b = bindings[i];
      if (!b) throw new GuardError(GUARD_CHECKS.argv, `the state push proposal records no statePush binding (lineage, serial, sha256 of ${op.file}); propose again`);
      if (b.sha256 !== errored.sha256 || b.lineage !== errored.state.lineage || b.serial !== errored.state.serial) {
        throw new GuardError(GUARD_CHECKS.erroredState, `${op.file} changed since the repair was proposed (now serial ${errored.state.serial}, sha256 ${errored.sha256.slice(0, 12)}…; approved serial ${b.serial}, sha256 ${b.sha256.slice(0, 12)}…)`);
      }
    }
    const refused = erroredPushRefusal(errored.state, current.state);
    if (refused) throw new GuardError(GUARD_CHECKS.erroredState, `${op.file} may not be pushed: ${refused}`);
    out.push({ ...op, pushed: { snap: errored, sha256: errored.sha256, ...stateDifference(current.state, errored.state) } });
  }
  return out;
}

/** What the repair file records of a loaded push. */
export function pushBindingOf(op: RepairOperation): StatePushBinding | undefined {
  if (op.kind !== 'terraform-state-push' || !op.pushed) return undefined;
  return { file: op.file, lineage: op.pushed.snap.state.lineage, serial: op.pushed.snap.state.serial, sha256: op.pushed.sha256 };
}

/**
 * After a successful push the errored.tfstate is moved next to the backups
 * (mode kept, never overwritten by rename onto an existing name: the name has
 * the time in it), so the next plan does not report it again.
 */
export async function retireErroredState(dir: string, file: string, backupDir: string, serial: number, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const to = join(backupDir, `errored-serial${serial}-pushed-${stamp}.tfstate`);
  await rename(join(dir, file), to);
  return to;
}
