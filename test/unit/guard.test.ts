/** Every guard check of `repair apply` that needs no terraform: pure, table-driven. */
import { describe, expect, it } from 'vitest';
import { GuardError } from '../../src/errors.js';
import {
  approveRepair,
  checkStateBinding,
  computeRepairHash,
  generateKeyPair,
  signApproval,
  GUARD_CHECKS,
  verifyRepair,
  type ApproverEntry,
  type Repair,
  type UnsignedRepair,
} from '../../src/repair/index.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const alice = generateKeyPair();
const bob = generateKeyPair();
const carol = generateKeyPair();
const mallory = generateKeyPair();
const approvers: ApproverEntry[] = [
  { identity: 'alice', publicKey: alice.publicKey, line: 1 },
  { identity: 'bob', publicKey: bob.publicKey, line: 2 },
  { identity: 'carol', publicKey: carol.publicKey, line: 3 },
];

function proposed(over: Partial<UnsignedRepair> = {}): Repair {
  const u: UnsignedRepair = {
    repairVersion: 1,
    nonce: 'n1',
    target: { dir: '/tf/acct', backend: { type: 's3', bucket: 'b', key: 'k', region: 'us-east-1', dynamodb_table: 'locks' } },
    proposals: [{
      id: 'F1.a', findingId: 'F1', findingKind: 'deleted-out-of-band', kind: 'terraform-state-rm',
      argv: ['terraform', 'state', 'rm', 'aws_db_parameter_group.quay-db-pg'], why: 'gone', address: 'aws_db_parameter_group.quay-db-pg',
    }],
    state: { lineage: 'lin-1', serial: 7, sha256: 'a'.repeat(64) },
    proposer: 'alice',
    createdAt: '2026-11-21T11:00:00.000Z',
    expiresAt: '2026-11-22T11:00:00.000Z',
    ...over,
  };
  return { ...u, hash: computeRepairHash(u), approvals: [] };
}

const approvedBy = (r: Repair, who: string, key = who === 'bob' ? bob : who === 'carol' ? carol : who === 'alice' ? alice : mallory) =>
  approveRepair(r, { approver: who, privateKeyPem: key.privateKeyPem, now: NOW });

/** What an editor (or a proposer signing their own file) can produce; approveRepair itself refuses it. */
function selfApproved(r: Repair): Repair {
  return { ...r, approvals: [{ approver: r.proposer, at: NOW.toISOString(), publicKey: alice.publicKey, signature: signApproval(alice.privateKeyPem, r.hash, r.proposer) }] };
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GuardError);
    return (err as GuardError).check;
  }
  throw new Error('expected a GuardError, nothing was thrown');
}

describe('verifyRepair', () => {
  it('accepts a repair approved by another listed person, applied by the proposer', () => {
    const r = approvedBy(proposed(), 'bob');
    const v = verifyRepair(r, { approvers, applier: 'alice', now: NOW });
    expect(v.approvals.map((a) => a.approver)).toEqual(['bob']);
  });

  it('accepts the approver applying someone else\'s proposal', () => {
    const r = approvedBy(proposed(), 'bob');
    expect(verifyRepair(r, { approvers, applier: 'bob', now: NOW }).approvals).toHaveLength(1);
  });

  const cases: Array<[string, () => Repair, string]> = [
    ['no approval at all', () => proposed(), GUARD_CHECKS.noApproval],
    ['only the proposer approved (a valid, listed signature by the proposer)', () => selfApproved(proposed()), GUARD_CHECKS.selfApproval],
    ['approval by a key not in the approvers file', () => approvedBy(proposed(), 'mallory'), GUARD_CHECKS.unknownKey],
    ['approval claims a listed identity with another key', () => {
      const r = approvedBy(proposed(), 'mallory');
      return { ...r, approvals: r.approvals.map((a) => ({ ...a, approver: 'bob' })) };
    }, GUARD_CHECKS.unknownKey],
    ['approval relabelled to another listed identity (key of bob, name carol)', () => {
      const r = approvedBy(proposed(), 'bob');
      return { ...r, approvals: r.approvals.map((a) => ({ ...a, approver: 'carol', publicKey: carol.publicKey })) };
    }, GUARD_CHECKS.signature],
    ['proposal argv edited after approval (hash left as it was)', () => {
      const r = approvedBy(proposed(), 'bob');
      return { ...r, proposals: r.proposals.map((p) => ({ ...p, argv: ['terraform', 'state', 'rm', 'aws_iam_user.admin'] })) };
    }, GUARD_CHECKS.hash],
    ['proposal edited after approval and the hash recomputed', () => {
      const r = approvedBy(proposed(), 'bob');
      const edited = { ...r, proposals: r.proposals.map((p) => ({ ...p, argv: ['terraform', 'state', 'rm', 'aws_iam_user.admin'] })) };
      return { ...edited, hash: computeRepairHash(edited) };
    }, GUARD_CHECKS.signature],
    ['state binding edited after approval', () => {
      const r = approvedBy(proposed(), 'bob');
      return { ...r, state: { ...r.state, serial: 8 } };
    }, GUARD_CHECKS.hash],
    ['expiry extended after approval', () => {
      const r = approvedBy(proposed(), 'bob');
      return { ...r, expiresAt: '2027-01-01T00:00:00.000Z' };
    }, GUARD_CHECKS.hash],
    ['expired (approved in time, applied too late)', () =>
      approveRepair(proposed({ expiresAt: '2026-11-21T11:30:00.000Z' }), { approver: 'bob', privateKeyPem: bob.privateKeyPem, now: new Date('2026-11-21T11:10:00Z') }),
    GUARD_CHECKS.expired],
    ['signature bytes garbled', () => {
      const r = approvedBy(proposed(), 'bob');
      return { ...r, approvals: r.approvals.map((a) => ({ ...a, signature: Buffer.alloc(64, 1).toString('base64') })) };
    }, GUARD_CHECKS.signature],
    ['a good approval next to a forged one', () => {
      const r = approvedBy(approvedBy(proposed(), 'bob'), 'carol');
      return { ...r, approvals: [r.approvals[0]!, { ...r.approvals[1]!, signature: r.approvals[0]!.signature }] };
    }, GUARD_CHECKS.signature],
  ];

  it.each(cases)('refuses: %s', (_name, make, check) => {
    const r = make();
    expect(refusal(() => verifyRepair(r, { approvers, applier: 'alice', now: NOW }))).toBe(check);
  });

  it('a self-approval does not count even next to nothing else, whoever applies', () => {
    for (const applier of ['alice', 'bob', 'carol']) {
      expect(refusal(() => verifyRepair(selfApproved(proposed()), { approvers, applier, now: NOW }))).toBe(GUARD_CHECKS.selfApproval);
    }
  });

  it('with the applier\'s key: only a listed applier may apply', () => {
    const r = approvedBy(proposed(), 'bob');
    expect(verifyRepair(r, { approvers, applier: 'carol', applierPublicKey: carol.publicKey, now: NOW }).approvals).toHaveLength(1);
    expect(refusal(() => verifyRepair(r, { approvers, applier: 'carol', applierPublicKey: mallory.publicKey, now: NOW }))).toBe(GUARD_CHECKS.applier);
    expect(refusal(() => verifyRepair(r, { approvers, applier: 'mallory', applierPublicKey: mallory.publicKey, now: NOW }))).toBe(GUARD_CHECKS.applier);
  });

  it('a self-approval next to a real one: the real one counts', () => {
    const r = approvedBy(selfApproved(proposed()), 'bob');
    expect(verifyRepair(r, { approvers, applier: 'alice', now: NOW }).approvals.map((a) => a.approver)).toEqual(['bob']);
  });
});

describe('approveRepair', () => {
  it('refuses the proposer approving their own repair', () => {
    expect(refusal(() => approvedBy(proposed(), 'alice'))).toBe(GUARD_CHECKS.selfApproval);
  });
  it('refuses to sign a file whose content no longer matches its hash', () => {
    const r = proposed();
    expect(refusal(() => approvedBy({ ...r, proposals: r.proposals.map((p) => ({ ...p, why: 'edited' })) }, 'bob'))).toBe(GUARD_CHECKS.hash);
  });
  it('refuses an expired repair', () => {
    expect(refusal(() => approvedBy(proposed({ expiresAt: '2026-11-21T11:30:00.000Z' }), 'bob'))).toBe(GUARD_CHECKS.expired);
  });
  it('adds the approval without changing the hash or the input', () => {
    const r = proposed();
    const a = approvedBy(r, 'bob');
    expect(r.approvals).toHaveLength(0);
    expect(a.hash).toBe(r.hash);
    expect(computeRepairHash(a)).toBe(r.hash);
    expect(a.approvals[0]).toMatchObject({ approver: 'bob', publicKey: bob.publicKey, at: NOW.toISOString() });
  });
});

describe('checkStateBinding (compare-and-swap)', () => {
  const binding = { lineage: 'lin-1', serial: 7, sha256: 'a'.repeat(64) };
  it('passes on the same lineage, serial and bytes', () => {
    expect(() => checkStateBinding(binding, { ...binding }, 'now')).not.toThrow();
  });
  it.each([
    ['serial', { ...binding, serial: 8 }],
    ['lineage', { ...binding, lineage: 'lin-2' }],
    ['sha256 (same serial, other bytes)', { ...binding, sha256: 'b'.repeat(64) }],
  ])('refuses when the %s differs', (_what, current) => {
    expect(refusal(() => checkStateBinding(binding, current, 'after taking the lock'))).toBe(GUARD_CHECKS.stateBinding);
  });
});
