/** `repair approve`: a second person signs the repair's hash with their ed25519 key. */
import { GuardError, InputError } from '../errors.js';
import { assertIdentity } from './identity.js';
import { publicKeyOfPrivate, signApproval } from './keys.js';
import { computeRepairHash, type Repair } from './repair-file.js';
import { GUARD_CHECKS } from './verify.js';

/** Who approves, with which private key, and when. */
export interface ApproveOptions {
  approver: string;
  /** PKCS#8 PEM of the approver's ed25519 key (what `keygen` wrote). */
  privateKeyPem: string;
  now?: Date;
  /** For messages: where the key came from. */
  keyFile?: string;
}

/** Returns a new repair with the approval added (the input is not modified). */
export function approveRepair(repair: Repair, opts: ApproveOptions): Repair {
  const approver = assertIdentity(opts.approver);
  // Signing a file whose content no longer matches its hash would bless an edit
  // nobody proposed: refuse, the same check apply makes.
  const hash = computeRepairHash(repair);
  if (hash !== repair.hash) {
    throw new GuardError(GUARD_CHECKS.hash, 'the repair file changed after it was proposed; refusing to approve it. Ask for a fresh proposal');
  }
  const now = opts.now ?? new Date();
  if (now.getTime() >= Date.parse(repair.expiresAt)) throw new GuardError(GUARD_CHECKS.expired, `the repair expired at ${repair.expiresAt}`);
  if (approver === repair.proposer) {
    throw new GuardError(GUARD_CHECKS.selfApproval, `${approver} proposed this repair and cannot approve it; someone else must`);
  }
  if (repair.approvals.some((a) => a.approver === approver)) throw new InputError(`${approver} already approved this repair`);
  const publicKey = publicKeyOfPrivate(opts.privateKeyPem);
  const signature = signApproval(opts.privateKeyPem, repair.hash, approver, opts.keyFile);
  return { ...repair, approvals: [...repair.approvals, { approver, at: now.toISOString(), publicKey, signature }] };
}
