/** `state rm X...`: X (and its instances) gone from state; the plan after shows nothing for X, or `create` (still in config). */
import { assertAddress } from '../../state/terraform/address.js';
import { stateRm, stateRmArgs } from '../../state/terraform/mutating/state-rm.js';
import type { OperationModule } from './types.js';

export const stateRmOperation: OperationModule<'terraform-state-rm'> = {
  kind: 'terraform-state-rm',
  shape: 'state rm ADDRESS...',
  parse(args, want) {
    want(args[0] === 'state' && args[1] === 'rm' && args.length >= 3);
    return { kind: 'terraform-state-rm', addresses: args.slice(2).map((a) => assertAddress(a ?? '', 'state rm target')) };
  },
  display: (op) => ['terraform', 'state', 'rm', ...op.addresses],
  touched: (op) => op.addresses,
  edit: {
    args: (op, lock) => stateRmArgs(op.addresses, { lock }),
    run: (tf, op, lock) => stateRm(tf, op.addresses, { lock }),
  },
  promise(op, view) {
    const v: string[] = [];
    for (const x of op.addresses) {
      if (view.inState(x)) v.push(`${x} is still in the state after state rm`);
      const bad = view.actionsAfter(x).filter((a) => a !== 'create');
      if (bad.length) v.push(`after state rm, the plan would ${bad.join('/')} ${x} (promised: nothing, or create)`);
    }
    return v;
  },
};
