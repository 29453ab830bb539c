/**
 * A repair proposal's argv, parsed into a typed operation. Proposals come from a
 * report file anyone could have edited, so tfdoctor never runs their argv as
 * given: it recognises the few shapes a guarded repair may take, checks every
 * address and id, and rebuilds the argv itself (with `-lock=false` while it holds
 * the lock, or against a rehearsal copy).
 */
import type { ProposalKind } from '../doctor/report.js';
import { InputError } from '../errors.js';
import { assertAddress, assertPositional } from '../state/terraform/address.js';

export type RepairOperation =
  | { kind: 'terraform-state-rm'; addresses: string[] }
  | { kind: 'terraform-state-mv'; from: string; to: string }
  | { kind: 'terraform-import'; address: string; id: string }
  | { kind: 'terraform-force-unlock'; lockId: string };

/** Proposal kinds `repair apply` can execute. `terraform-state-push` is state-mutating but not (yet) guarded: see docs/repair.md. */
export const GUARDED_KINDS: readonly ProposalKind[] = ['terraform-state-rm', 'terraform-state-mv', 'terraform-import', 'terraform-force-unlock'];

export function isResourceAddress(s: string): boolean {
  try {
    assertAddress(s);
    return true;
  } catch {
    return false;
  }
}

function address(s: string | undefined, what: string): string {
  return assertAddress(s ?? '', what);
}

// Import ids and lock ids are free-form for Terraform, but a leading "-" would be
// read as a flag by Terraform's Go flag parser (seen on 1.11), and control
// characters have no business in either.
function opaqueId(s: string | undefined, what: string): string {
  return assertPositional(s ?? '', what);
}

/** Parse a proposal's argv (argv[0] is the binary, ignored) for its declared kind. */
export function parseOperation(kind: ProposalKind, argv: readonly string[]): RepairOperation {
  const [, ...args] = argv;
  const want = (cond: boolean, shape: string): void => {
    if (!cond) throw new InputError(`${kind} proposal argv must be \`terraform ${shape}\`, got ${JSON.stringify(argv)}`);
  };
  switch (kind) {
    case 'terraform-state-rm': {
      want(args[0] === 'state' && args[1] === 'rm' && args.length >= 3, 'state rm ADDRESS...');
      return { kind, addresses: args.slice(2).map((a) => address(a, 'state rm target')) };
    }
    case 'terraform-state-mv': {
      want(args[0] === 'state' && args[1] === 'mv' && args.length === 4, 'state mv FROM TO');
      const from = address(args[2], 'state mv source');
      const to = address(args[3], 'state mv destination');
      if (from === to) throw new InputError('state mv source and destination are the same');
      return { kind, from, to };
    }
    case 'terraform-import': {
      want(args[0] === 'import' && args.length === 3, 'import ADDRESS ID');
      return { kind, address: address(args[1], 'import target'), id: opaqueId(args[2], 'import id') };
    }
    case 'terraform-force-unlock': {
      const rest = args.slice(1).filter((a) => a !== '-force');
      want(args[0] === 'force-unlock' && rest.length === 1, 'force-unlock [-force] LOCK_ID');
      return { kind, lockId: opaqueId(rest[0], 'lock id') };
    }
    default:
      throw new InputError(`${kind} is not a repair tfdoctor can execute under guard (it can: ${GUARDED_KINDS.join(', ')})`);
  }
}

/** Addresses an operation touches (what "nothing else changed" excludes). */
export function touchedAddresses(op: RepairOperation): string[] {
  switch (op.kind) {
    case 'terraform-state-rm':
      return op.addresses;
    case 'terraform-state-mv':
      return [op.from, op.to];
    case 'terraform-import':
      return [op.address];
    case 'terraform-force-unlock':
      return [];
  }
}

/** The argv a reviewer reads in the repair file: `terraform` + the canonical form. */
export function displayArgv(op: RepairOperation): string[] {
  switch (op.kind) {
    case 'terraform-state-rm':
      return ['terraform', 'state', 'rm', ...op.addresses];
    case 'terraform-state-mv':
      return ['terraform', 'state', 'mv', op.from, op.to];
    case 'terraform-import':
      return ['terraform', 'import', op.address, op.id];
    case 'terraform-force-unlock':
      return ['terraform', 'force-unlock', '-force', op.lockId];
  }
}
