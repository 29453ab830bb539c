/** `import T ID`: T present in state; the plan after shows nothing or an in-place `update` for T (never create). */
import { assertAddress, assertPositional } from '../../state/terraform/address.js';
import { importArgs, importResource } from '../../state/terraform/mutating/import.js';
import type { OperationModule } from './types.js';

export const importOperation: OperationModule<'terraform-import'> = {
  kind: 'terraform-import',
  shape: 'import ADDRESS ID',
  parse(args, want) {
    want(args[0] === 'import' && args.length === 3);
    // Import ids are free-form for Terraform, but a leading "-" would be read as a
    // flag by its Go flag parser (seen on 1.11), and control characters have no business there.
    return { kind: 'terraform-import', address: assertAddress(args[1] ?? '', 'import target'), id: assertPositional(args[2] ?? '', 'import id') };
  },
  display: (op) => ['terraform', 'import', op.address, op.id],
  touched: (op) => [op.address],
  edit: {
    args: (op, lock) => importArgs(op.address, op.id, { lock }),
    run: (tf, op, lock) => importResource(tf, op.address, op.id, { lock }),
  },
  promise(op, view) {
    const v: string[] = [];
    if (!view.inState(op.address)) v.push(`${op.address} is not in the state after import`);
    const bad = view.actionsAfter(op.address).filter((a) => a !== 'update');
    if (bad.length) v.push(`after import, the plan would ${bad.join('/')} ${op.address} (promised: nothing, or an in-place update)`);
    return v;
  },
};
