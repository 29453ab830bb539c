/** The guarded repair operations, one module each (see types.ts), looked up by kind. */
import { forceUnlockOperation } from './force-unlock.js';
import { importOperation } from './import.js';
import { stateMvOperation } from './state-mv.js';
import { statePushOperation } from './state-push.js';
import { stateRmOperation } from './state-rm.js';
import type { OperationKind, OperationModule, OperationOf, RepairOperation } from './types.js';

export type { OperationKind, OperationModule, OperationOf, PromiseView, PushedState, RepairOperation } from './types.js';

export const OPERATIONS: { readonly [K in OperationKind]: OperationModule<K> } = {
  'terraform-state-rm': stateRmOperation,
  'terraform-state-mv': stateMvOperation,
  'terraform-import': importOperation,
  'terraform-force-unlock': forceUnlockOperation,
  'terraform-state-push': statePushOperation,
};

/** The module of an operation, typed for it. */
export function moduleOf<K extends OperationKind>(op: OperationOf<K> | RepairOperation): OperationModule<K> {
  return OPERATIONS[op.kind] as unknown as OperationModule<K>;
}
