/**
 * What a repair promises, and the checks that hold it to that promise.
 *
 * A plan's effect is summarised as `PlanEffect`: for each address the action of
 * its `planned_change` in the `-json` UI stream (no entry = no change) and of
 * its `resource_drift`. Two effects are compared address by address.
 *
 * Per operation (each one's module in ./actions/ holds its check; "after" is the plan against the edited state):
 * - state rm X:    X (and its instances) gone from state; after[X] is none (not in
 *                  config) or `create` (still in config: Terraform would create it anew).
 * - state mv S D:  S gone from state, D present; after[S] none; after[D] none or
 *                  `update` (never create/delete/replace: the real object is kept).
 * - import T ID:   T present in state; after[T] none or `update` (never create).
 * - every other address: the same action before and after (nothing else changed).
 * After the real run, the fresh plan must equal the rehearsal's "after" exactly,
 * and the finding each proposal targets must be gone from it (see `findingGone`).
 */
import type { FindingKind } from '../doctor/report.js';
import { rawStateAddresses, type RawState } from '../tfjson/raw-state.js';
import type { PlanRun } from '../state/terraform/plan.js';
import { moduleOf, type PromiseView, type RepairOperation } from './actions/index.js';
import { touchedAddresses } from './operations.js';

export interface PlanEffect {
  /** address -> planned action ("create", "update", "delete", "replace", "remove", "import", "move", ...). */
  changes: Record<string, string>;
  /** address -> drift action ("update", "delete"). */
  drift: Record<string, string>;
  errored: boolean;
  /** Error diagnostics' summaries (for messages). */
  errors: string[];
}

export function planEffect(run: Pick<PlanRun, 'exitCode' | 'messages' | 'diagnostics'>): PlanEffect {
  const changes: Record<string, string> = {};
  const drift: Record<string, string> = {};
  for (const m of run.messages) {
    if (!m.change) continue;
    // Terraform 1.11 writes "noop" for some planned_change entries; no entry means the same.
    if (m.type === 'planned_change' && m.change.action !== 'noop') changes[m.change.resource.addr] = m.change.action;
    if (m.type === 'resource_drift') drift[m.change.resource.addr] = m.change.action;
  }
  const errors = run.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}${d.address ? ` (${d.address})` : ''}`);
  return { changes, drift, errored: run.exitCode === 1, errors };
}

/** True when `addr` is `target` or one of its instances / module contents. */
function covers(target: string, addr: string): boolean {
  return addr === target || addr.startsWith(`${target}[`) || addr.startsWith(`${target}.`);
}

function inState(state: RawState, target: string): boolean {
  return rawStateAddresses(state).some((a) => covers(target, a));
}

function show(a: string | undefined): string {
  return a ?? 'no change';
}

/** Violations of the promise of `ops`, comparing the plan before and after the edit. Empty = kept. */
export function checkPromise(ops: readonly RepairOperation[], before: PlanEffect, after: PlanEffect, afterState: RawState): string[] {
  const v: string[] = [];
  if (before.errored) v.push(`the plan before the edit failed: ${before.errors.join('; ')}`);
  if (after.errored) v.push(`the plan after the edit failed: ${after.errors.join('; ')}`);
  const touched = ops.flatMap(touchedAddresses);
  const isTouched = (addr: string) => touched.some((t) => covers(t, addr));
  const actionOf = (eff: PlanEffect, target: string): string[] =>
    Object.entries(eff.changes).filter(([a]) => covers(target, a)).map(([, act]) => act);

  const view: PromiseView = { inState: (target) => inState(afterState, target), actionsAfter: (target) => actionOf(after, target) };
  for (const op of ops) v.push(...moduleOf(op).promise(op, view));
  const all = new Set([...Object.keys(before.changes), ...Object.keys(after.changes)]);
  for (const addr of [...all].sort()) {
    if (isTouched(addr)) continue;
    if (before.changes[addr] !== after.changes[addr]) {
      v.push(`${addr} is not part of the repair but its plan changed: ${show(before.changes[addr])} -> ${show(after.changes[addr])}`);
    }
  }
  return v;
}

/** The fresh plan after the real run must be exactly the rehearsed one. */
export function compareEffects(rehearsed: PlanEffect, actual: PlanEffect): string[] {
  const v: string[] = [];
  if (actual.errored) v.push(`the verification plan failed: ${actual.errors.join('; ')}`);
  const all = new Set([...Object.keys(rehearsed.changes), ...Object.keys(actual.changes)]);
  for (const addr of [...all].sort()) {
    if (rehearsed.changes[addr] !== actual.changes[addr]) {
      v.push(`${addr}: rehearsed ${show(rehearsed.changes[addr])}, real ${show(actual.changes[addr])}`);
    }
  }
  return v;
}

/** Is the finding a proposal targeted gone from a plan's effect? Returns why not, or undefined. */
export function findingGone(kind: FindingKind, address: string | undefined, eff: PlanEffect): string | undefined {
  if (!address) return undefined;
  const act = Object.entries(eff.changes).filter(([a]) => covers(address, a)).map(([, x]) => x);
  switch (kind) {
    case 'deleted-out-of-band':
      return eff.drift[address] === 'delete' ? `${address} is still reported as deleted outside Terraform` : undefined;
    case 'renamed-address':
      return act.some((a) => a === 'delete' || a === 'replace' || a === 'create') ? `the plan still deletes or creates ${address}` : undefined;
    case 'orphaned-in-state':
      return act.some((a) => a === 'delete' || a === 'replace') ? `the plan still deletes ${address}` : undefined;
    case 'exists-unmanaged':
    case 'provider-inconsistent-result':
      return act.some((a) => a === 'create' || a === 'replace') ? `the plan still creates ${address}` : undefined;
    default:
      return undefined;
  }
}

/**
 * The approved prediction against the rehearsal at apply time: the planned
 * changes and the drift, before and after the edit, must be the same. Returns
 * the differences (empty = the same prediction).
 */
export function comparePrediction(recorded: { before: PlanEffect; after: PlanEffect }, now: { before: PlanEffect; after: PlanEffect }): string[] {
  const v: string[] = [];
  for (const phase of ['before', 'after'] as const) {
    for (const field of ['changes', 'drift'] as const) {
      const a = recorded[phase][field];
      const b = now[phase][field];
      for (const addr of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        if (a[addr] !== b[addr]) {
          v.push(`${field === 'changes' ? 'plan' : 'drift'} ${phase} the edit, ${addr}: approved ${show(a[addr])}, now ${show(b[addr])}`);
        }
      }
    }
    if (recorded[phase].errored !== now[phase].errored) v.push(`the plan ${phase} the edit ${now[phase].errored ? 'now fails' : 'no longer fails'}`);
  }
  return v;
}
