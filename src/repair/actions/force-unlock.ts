/**
 * `force-unlock [-force] LOCK_ID`: changes the lock, not the state, so it is
 * not rehearsed and promises nothing about the plan (applyRepair releases the
 * lock itself after checking it is the one the report saw).
 */
import { assertPositional } from '../../state/terraform/address.js';
import type { OperationModule } from './types.js';

export const forceUnlockOperation: OperationModule<'terraform-force-unlock'> = {
  kind: 'terraform-force-unlock',
  shape: 'force-unlock [-force] LOCK_ID',
  parse(args, want) {
    const rest = args.slice(1).filter((a) => a !== '-force');
    want(args[0] === 'force-unlock' && rest.length === 1);
    return { kind: 'terraform-force-unlock', lockId: assertPositional(rest[0] ?? '', 'lock id') };
  },
  display: (op) => ['terraform', 'force-unlock', '-force', op.lockId],
  touched: () => [],
  promise: () => [],
};
