/**
 * A repair proposal's argv, parsed into a typed operation. Proposals come from a
 * report file anyone could have edited, so tfdoctor never runs their argv as
 * given: it recognises the few shapes a guarded repair may take, checks every
 * address and id, and rebuilds the argv itself (with `-lock=false` while it holds
 * the lock, or against a rehearsal copy).
 */
import type { ProposalKind } from '../doctor/report.js';
import { InputError } from '../errors.js';
import { moduleOf, OPERATIONS, type OperationKind, type OperationModule, type RepairOperation } from './actions/index.js';

export type { RepairOperation } from './actions/index.js';

/** Proposal kinds `repair apply` can execute (every state-mutating kind the doctor proposes). */
export const GUARDED_KINDS: readonly ProposalKind[] = Object.keys(OPERATIONS) as OperationKind[];

/** Parse a proposal's argv (argv[0] is the binary, ignored) for its declared kind. */
export function parseOperation(kind: ProposalKind, argv: readonly string[]): RepairOperation {
  const [, ...args] = argv;
  const want = (cond: boolean, shape: string): void => {
    if (!cond) throw new InputError(`${kind} proposal argv must be \`terraform ${shape}\`, got ${JSON.stringify(argv)}`);
  };
  const mod = (OPERATIONS as Partial<Record<ProposalKind, OperationModule<OperationKind>>>)[kind];
  if (!mod) throw new InputError(`${kind} is not a repair tfdoctor can execute under guard (it can: ${GUARDED_KINDS.join(', ')})`);
  return mod.parse(args, (cond) => want(cond, mod.shape));
}

/** Addresses an operation touches (what "nothing else changed" excludes). */
export function touchedAddresses(op: RepairOperation): string[] {
  return moduleOf(op).touched(op);
}

/** The argv a reviewer reads in the repair file: `terraform` + the canonical form. */
export function displayArgv(op: RepairOperation): string[] {
  return moduleOf(op).display(op);
}
