/**
 * The guard checks `repair apply` runs before touching anything (contracts §4).
 * Pure: the repair, the approvers list, who applies and `now` in; a GuardError
 * naming the failed check out. The state binding is checked separately
 * (`checkStateBinding`) because it needs a fresh `state pull`.
 */
import { GuardError } from '../errors.js';
import type { ApproverEntry } from './keys.js';
import { verifyApproval } from './keys.js';
import { computeRepairHash, type Approval, type Repair, type StateBinding } from './repair-file.js';

/** Names of the checks, as they appear in GuardError.check, the CLI message and the audit log. */
export const GUARD_CHECKS = {
  hash: 'file-changed',
  expired: 'expired',
  noApproval: 'no-approval',
  unknownKey: 'approver-not-trusted',
  signature: 'bad-signature',
  selfApproval: 'self-approval',
  stateBinding: 'state-moved',
  lock: 'lock',
  lockId: 'lock-id-mismatch',
  applier: 'applier-not-trusted',
  /** A proposal's argv is not in the form tfdoctor writes, or a force-unlock is not alone. */
  argv: 'argv',
  /** The working dir's backend is not the one the repair was proposed for. */
  targetChanged: 'target-changed',
  /** The rehearsal on a local copy broke the promise. */
  rehearsal: 'rehearsal',
  /** The rehearsal at apply time predicts something else than the one recorded (and approved) at propose time. */
  prediction: 'prediction-changed',
  /** errored.tfstate is missing, changed since it was proposed, or the push rule refuses it. */
  erroredState: 'errored-state',
  /** The fresh plan (or lock/state read) after the repair is not what was rehearsed. */
  verify: 'verify',
  /** A repair command failed. */
  execute: 'execute',
  /** Something failed before any command ran (not a guard). */
  prepare: 'prepare',
} as const;

/** What verifyRepair checks against: the approvers, who applies, the clock. */
export interface VerifyOptions {
  approvers: readonly ApproverEntry[];
  /** Who runs `apply`. */
  applier: string;
  now: Date;
  /**
   * The applier's public key (derived from the private key they hold). When
   * given, `applier` + this key must be a line of the approvers file: this limits
   * who can execute, not only who approves (`--as` alone is only a claim).
   */
  applierPublicKey?: string;
}

/** A repair that passed the guard, with its parsed operations. */
export interface VerifiedRepair {
  repair: Repair;
  /** Approvals that passed every check (trusted key, good signature, not the proposer). */
  approvals: Approval[];
}

/** Checks a repair against the guard (hash, approvals by listed keys, not the proposer, not expired) without touching the state. GuardError names the failed check. */
export function verifyRepair(repair: Repair, opts: VerifyOptions): VerifiedRepair {
  const hash = computeRepairHash(repair);
  if (hash !== repair.hash) {
    throw new GuardError(GUARD_CHECKS.hash, `the repair file changed after it was proposed (its content hashes to ${hash.slice(0, 12)}…, the file says ${repair.hash.slice(0, 12)}…); propose again and get a new approval`);
  }
  const expires = Date.parse(repair.expiresAt);
  if (!Number.isFinite(expires) || opts.now.getTime() >= expires) {
    throw new GuardError(GUARD_CHECKS.expired, `the repair expired at ${repair.expiresAt}; propose again`);
  }
  if (repair.approvals.length === 0) {
    throw new GuardError(GUARD_CHECKS.noApproval, 'nobody approved this repair; another person must run `tfdoctor repair approve`');
  }
  // Every approval in the file must hold up: a forged or untrusted one is a sign
  // of tampering, not something to skip over (fail closed).
  for (const a of repair.approvals) {
    const listed = opts.approvers.some((e) => e.identity === a.approver && e.publicKey === a.publicKey);
    if (!listed) {
      throw new GuardError(GUARD_CHECKS.unknownKey, `the approval by ${JSON.stringify(a.approver)} uses a key that is not listed for that identity in the approvers file`);
    }
    if (!verifyApproval(a.publicKey, a.signature, repair.hash, a.approver)) {
      throw new GuardError(GUARD_CHECKS.signature, `the signature of ${JSON.stringify(a.approver)} does not verify over this file's hash: the file changed after approval, or the signature is not theirs`);
    }
  }
  if (opts.applierPublicKey !== undefined
    && !opts.approvers.some((e) => e.identity === opts.applier && e.publicKey === opts.applierPublicKey)) {
    throw new GuardError(GUARD_CHECKS.applier, `the key of ${JSON.stringify(opts.applier)} is not listed for that identity in the approvers file`);
  }
  const valid = repair.approvals.filter((a) => a.approver !== repair.proposer);
  if (valid.length === 0) {
    throw new GuardError(GUARD_CHECKS.selfApproval, `only the proposer (${repair.proposer}) approved this repair; someone else must approve it`);
  }
  return { repair, approvals: valid };
}

/** Compare-and-swap: the state must be byte-for-byte the one the repair was proposed against. */
export function checkStateBinding(binding: StateBinding, current: StateBinding, when: string): void {
  const diffs: string[] = [];
  if (current.lineage !== binding.lineage) diffs.push(`lineage ${current.lineage} (was ${binding.lineage})`);
  if (current.serial !== binding.serial) diffs.push(`serial ${current.serial} (was ${binding.serial})`);
  if (current.sha256 !== binding.sha256) diffs.push(`sha256 ${current.sha256.slice(0, 12)}… (was ${binding.sha256.slice(0, 12)}…)`);
  if (diffs.length) {
    throw new GuardError(GUARD_CHECKS.stateBinding, `the state moved since this repair was proposed (${when}: ${diffs.join(', ')}); run tfdoctor plan again and propose again`);
  }
}
