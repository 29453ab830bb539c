/**
 * One interface for every guarded repair operation (as tfmigrate's
 * `StateAction`): each kind is one module in this folder that knows its argv
 * shape, its canonical argv, what it touches, how it runs (in the rehearsal and
 * for real) and what it promises. Nothing outside this folder switches on the kind.
 */
import type { TerraformContext } from '../../state/terraform/context.js';
import type { RunResult } from '../../state/terraform/exec.js';
import type { StateSnapshot } from '../../state/state-snapshot.js';

/** The errored.tfstate a push sends, checked against the push rule, and the instances it adds, drops and changes against the current state. */
export interface PushedState {
  snap: StateSnapshot;
  sha256: string;
  added: string[];
  removed: string[];
  changed: string[];
}

export type RepairOperation =
  | { kind: 'terraform-state-rm'; addresses: string[] }
  | { kind: 'terraform-state-mv'; from: string; to: string }
  | { kind: 'terraform-import'; address: string; id: string }
  | { kind: 'terraform-force-unlock'; lockId: string }
  /** `pushed` is set by push.ts once the bytes are read and checked; the argv only names the file. */
  | { kind: 'terraform-state-push'; file: string; pushed?: PushedState };

export type OperationKind = RepairOperation['kind'];
export type OperationOf<K extends OperationKind> = Extract<RepairOperation, { kind: K }>;

/** What a promise check reads: the state after the edit and the plan after it. */
export interface PromiseView {
  /** Is `target` (or one of its instances / module contents) in the state after the edit? */
  inState(target: string): boolean;
  /** The planned actions after the edit for `target` and what it covers. */
  actionsAfter(target: string): string[];
}

export interface OperationModule<K extends OperationKind> {
  kind: K;
  /** The argv shape a proposal must have, for messages (`state rm ADDRESS...`). */
  shape: string;
  /** Parse the proposal argv's arguments (after the binary); `want` throws with `shape` when false. */
  parse(args: readonly string[], want: (cond: boolean) => void): OperationOf<K>;
  /** The argv a reviewer reads in the repair file: `terraform` + the canonical form. */
  display(op: OperationOf<K>): string[];
  /** Addresses the operation touches (what "nothing else changed" excludes). */
  touched(op: OperationOf<K>): string[];
  /**
   * How it runs against a state (the rehearsal copy, then the real backend with
   * `lock` false under tfdoctor's own lock). Absent: not a state edit (force-unlock
   * changes the lock, and applyRepair handles it as its own path).
   */
  edit?: {
    args(op: OperationOf<K>, lock: boolean): string[];
    run(tf: TerraformContext, op: OperationOf<K>, lock: boolean): Promise<RunResult>;
  };
  /** Violations of what it promises (docs/repair.md), given the state and plan after the edit. Empty = kept. */
  promise(op: OperationOf<K>, view: PromiseView): string[];
}
