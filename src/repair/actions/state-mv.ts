/** `state mv S D`: S gone from state, D present; the plan after shows nothing for S, nothing or an in-place `update` for D. */
import { InputError } from '../../errors.js';
import { assertAddress } from '../../state/terraform/address.js';
import { stateMv, stateMvArgs } from '../../state/terraform/mutating/state-mv.js';
import type { OperationModule } from './types.js';

export const stateMvOperation: OperationModule<'terraform-state-mv'> = {
  kind: 'terraform-state-mv',
  shape: 'state mv FROM TO',
  parse(args, want) {
    want(args[0] === 'state' && args[1] === 'mv' && args.length === 4);
    const from = assertAddress(args[2] ?? '', 'state mv source');
    const to = assertAddress(args[3] ?? '', 'state mv destination');
    if (from === to) throw new InputError('state mv source and destination are the same');
    return { kind: 'terraform-state-mv', from, to };
  },
  display: (op) => ['terraform', 'state', 'mv', op.from, op.to],
  touched: (op) => [op.from, op.to],
  edit: {
    args: (op, lock) => stateMvArgs(op.from, op.to, { lock }),
    run: (tf, op, lock) => stateMv(tf, op.from, op.to, { lock }),
  },
  promise(op, view) {
    const v: string[] = [];
    if (view.inState(op.from)) v.push(`${op.from} is still in the state after state mv`);
    if (!view.inState(op.to)) v.push(`${op.to} is not in the state after state mv`);
    const fromActs = view.actionsAfter(op.from);
    if (fromActs.length) v.push(`after state mv, the plan would ${fromActs.join('/')} ${op.from} (promised: nothing)`);
    const bad = view.actionsAfter(op.to).filter((a) => a !== 'update');
    if (bad.length) v.push(`after state mv, the plan would ${bad.join('/')} ${op.to} (promised: nothing, or an in-place update)`);
    return v;
  },
};
