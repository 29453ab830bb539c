/**
 * The reference reconciler's deletion gate (qontract-reconcile
 * terraform-resources), reproduced exactly so tfdoctor says ahead of time what
 * the reconciler will refuse:
 * - a delete (a replace is delete+create, so it counts) is refused unless the
 *   account has `enableDeletion`, or an unexpired `deletionApprovals` entry
 *   matches type and name: valid while now <= expiration + 1 day (UTC);
 * - the run-level `--enable-deletion` allows like the account's flag;
 * - a few types are always deletable;
 * - a delete that is half of a rename is refused like any other: only a
 *   `moved` block (the plan then has no delete, just `previous_address`) avoids it;
 * - an aws_db_instance with `deletion_protection = true` always fails, whatever
 *   the account allows (AWS refuses the delete itself).
 */
import type { AccountGate, DeletionApproval } from './types.js';

/** `log_plan_diff`'s `always_enabled_deletions` (cloudflare_record: a zone holds up to a thousand records, too many to approve one by one). */
export const ALWAYS_DELETABLE_TYPES: readonly string[] = ['random_id', 'aws_lb_target_group_attachment', 'aws_iam_user_policy', 'cloudflare_record'];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether the account may delete an object, and why (enableDeletion, an unexpired approval, an always-deletable type). */
export type GateVerdict =
  | { allowed: true; because: 'enable-deletion' | 'run-enable-deletion' | 'always-deletable' | 'approval'; approval?: DeletionApproval }
  | { allowed: false; because: 'not-enabled' | 'approval-expired' | 'deletion-protection'; approval?: DeletionApproval };

/** Is the approval still valid at `now`? Valid through its expiration day (UTC), up to and including the next midnight. */
export function approvalValid(approval: DeletionApproval, now: Date): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(approval.expiration.trim());
  if (!m) return false;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // An impossible day (2026-02-30) would roll over; the reference's strptime refuses it.
  const day = new Date(start);
  if (day.getUTCFullYear() !== Number(m[1]) || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3])) return false;
  // The reference parses the date as midnight UTC and checks
  // `now <= expiration + timedelta(days=1)`: the approval holds through the
  // expiration day and ends at the first instant of the next one.
  return now.getTime() <= start + DAY_MS;
}

/** The gate with its reason. `values` are the object's prior attributes (for deletion_protection). */
export function deletionVerdict(account: AccountGate, type: string, name: string, now: Date, values?: unknown, runEnableDeletion = false): GateVerdict {
  // The reference checks `before.get("deletion_protection")` for truthiness, whatever else allows the delete.
  if (type === 'aws_db_instance' && typeof values === 'object' && values !== null && Boolean((values as Record<string, unknown>)['deletion_protection'])) {
    return { allowed: false, because: 'deletion-protection' };
  }
  if (ALWAYS_DELETABLE_TYPES.includes(type)) return { allowed: true, because: 'always-deletable' };
  // `deletions_allowed = enable_deletion or account_enable_deletion`: the run's --enable-deletion or the account's flag.
  if (runEnableDeletion) return { allowed: true, because: 'run-enable-deletion' };
  if (account.enableDeletion) return { allowed: true, because: 'enable-deletion' };
  const matching = account.deletionApprovals.filter((a) => a.type === type && a.name === name);
  const valid = matching.find((a) => approvalValid(a, now));
  if (valid) return { allowed: true, because: 'approval', approval: valid };
  const expired = matching[0];
  return expired ? { allowed: false, because: 'approval-expired', approval: expired } : { allowed: false, because: 'not-enabled' };
}

/** true when the reconciler would let this account delete `type.name` at `now`. */
export function deletionAllowed(account: AccountGate, type: string, name: string, now: Date, values?: unknown, runEnableDeletion = false): boolean {
  return deletionVerdict(account, type, name, now, values, runEnableDeletion).allowed;
}

/** `YYYY-MM-DD` (UTC) `days` after `now`: the expiration to suggest for a new approval. */
export function isoDateAfter(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}
