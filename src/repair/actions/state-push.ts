/**
 * `state push errored.tfstate`: put back the state an apply could not write
 * (docs/repair.md, "Pushing errored.tfstate"). The argv names the file; the
 * bytes pushed are the ones the repair file binds by sha256 (push.ts loads and
 * checks them into `op.pushed`), sent through stdin without `-force`, so
 * terraform's own lineage/serial check runs too. Promise: every instance the
 * errored state adds is in the state after and the plan no longer creates (or
 * replaces) it; every instance it drops is gone; the addresses it does not
 * change keep their planned action.
 */
import { InputError } from '../../errors.js';
import { ERRORED_STATE_FILE } from '../../state/errored-state.js';
import { statePushArgs, statePushRaw } from '../../state/terraform/mutating/state-push.js';
import type { OperationModule, OperationOf } from './types.js';

function loaded(op: OperationOf<'terraform-state-push'>) {
  if (!op.pushed) throw new InputError('the state to push was not loaded and checked (push.ts) before running');
  return op.pushed;
}

export const statePushOperation: OperationModule<'terraform-state-push'> = {
  kind: 'terraform-state-push',
  shape: `state push ${ERRORED_STATE_FILE}`,
  parse(args, want) {
    // Only the file Terraform itself writes after a failed state write, in the working dir.
    want(args[0] === 'state' && args[1] === 'push' && args.length === 3 && args[2] === ERRORED_STATE_FILE);
    return { kind: 'terraform-state-push', file: ERRORED_STATE_FILE };
  },
  display: (op) => ['terraform', 'state', 'push', op.file],
  touched: (op) => {
    const p = loaded(op);
    return [...p.added, ...p.removed, ...p.changed];
  },
  edit: {
    args: (_op, lock) => statePushArgs('-', { lock, force: false }),
    run: (tf, op, lock) => statePushRaw(tf, loaded(op).snap.raw, { lock, force: false }),
  },
  promise(op, view) {
    const p = loaded(op);
    const v: string[] = [];
    for (const a of p.added) {
      if (!view.inState(a)) v.push(`${a} (in errored.tfstate) is not in the state after the push`);
      const bad = view.actionsAfter(a).filter((x) => x === 'create' || x === 'replace');
      if (bad.length) v.push(`after the push, the plan would still ${bad.join('/')} ${a} (promised: it is in the state now)`);
    }
    for (const a of p.removed) {
      if (view.inState(a)) v.push(`${a} (not in errored.tfstate) is still in the state after the push`);
    }
    return v;
  },
};
