/** The push rule for errored.tfstate, its finding, and the push operation's argv (no processes). */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import { erroredPushRefusal } from '../../src/doctor/errored-state.js';
import { parseOperation, displayArgv, GUARDED_KINDS } from '../../src/repair/operations.js';
import { stateDifference } from '../../src/repair/push.js';
import type { RawState } from '../../src/tfjson/raw-state.js';

const L = '3d74f7da-a03f-8f72-df72-79a091131e9f';

describe('the push rule', () => {
  it.each([
    [{ lineage: L, serial: 2 }, { lineage: L, serial: 1 }, undefined],
    [{ lineage: L, serial: 3 }, { lineage: L, serial: 1 }, undefined],
    [{ lineage: L, serial: 4 }, { lineage: L, serial: 1 }, /3 above the backend's 1: more than one failed apply explains/],
    [{ lineage: L, serial: 1 }, { lineage: L, serial: 1 }, /the state was written since the failed apply/],
    [{ lineage: L, serial: 1 }, { lineage: L, serial: 5 }, /pushing would roll it back/],
    [{ lineage: 'other', serial: 2 }, { lineage: L, serial: 1 }, /it is not a newer copy of this state/],
    [{ lineage: L, serial: 2 }, undefined, /holds no state/],
  ])('errored %o over current %o', (errored, current, want) => {
    const r = erroredPushRefusal(errored, current);
    if (want) expect(r).toMatch(want);
    else expect(r).toBeUndefined();
  });
});

describe('state-write-failed from errored.tfstate', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const errored = { file: '/w/errored.tfstate', lineage: L, serial: 2, sha256: 'a'.repeat(64) };
  it('proposes the push when the rule holds', () => {
    const f = diagnose({ diagnostics: [], now, erroredState: { ...errored, current: { lineage: L, serial: 1 } } });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ kind: 'state-write-failed', severity: 'error', evidence: { errored_serial: 2, state_serial: 1, errored_lineage: L } });
    expect(f[0]?.proposals.map((p) => [p.kind, p.argv])).toEqual([['terraform-state-push', ['terraform', 'state', 'push', 'errored.tfstate']]]);
  });
  it('reports, without a proposal, one the rule refuses', () => {
    const f = diagnose({ diagnostics: [], now, erroredState: { ...errored, current: { lineage: L, serial: 2 } } });
    expect(f[0]?.kind).toBe('state-write-failed');
    expect(f[0]?.proposals).toEqual([]);
    expect(f[0]?.evidence).toMatchObject({ push_refused: expect.stringMatching(/written since/) });
  });
});

describe('an object the failed apply created, found by the exists probe', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  const errored = { file: '/w/errored.tfstate', lineage: L, serial: 2, sha256: 'a'.repeat(64), addresses: ['aws_iam_user.first', 'aws_iam_user.second'] };
  const probes = [
    { address: 'aws_iam_user.second', type: 'aws_iam_user', importId: 'errored-second', exists: true },
    { address: 'aws_iam_user.other', type: 'aws_iam_user', importId: 'other', exists: true },
  ];
  const unmanaged = (f: ReturnType<typeof diagnose>, address: string) => f.find((x) => x.kind === 'exists-unmanaged' && x.address === address);

  it('is linked to the push and proposes no import while the push may go ahead', () => {
    const f = diagnose({ diagnostics: [], now, probes, erroredState: { ...errored, current: { lineage: L, serial: 1 } } });
    const second = unmanaged(f, 'aws_iam_user.second');
    expect(second?.summary).toMatch(/it is in \/w\/errored\.tfstate \(serial 2\).*push that back \(state-write-failed\) instead of importing it/);
    expect(second?.evidence).toMatchObject({ in_errored_state: { file: '/w/errored.tfstate', serial: 2, sha256: 'a'.repeat(64) } });
    expect(second?.proposals).toEqual([]);
    // Not in errored.tfstate: the import stays.
    expect(unmanaged(f, 'aws_iam_user.other')?.proposals.map((p) => p.kind)).toContain('terraform-import');
  });
  it('keeps its import when the push is refused', () => {
    const f = diagnose({ diagnostics: [], now, probes, erroredState: { ...errored, current: { lineage: L, serial: 2 } } });
    const second = unmanaged(f, 'aws_iam_user.second');
    expect(second?.evidence).not.toHaveProperty('in_errored_state');
    expect(second?.proposals.map((p) => p.kind)).toContain('terraform-import');
  });
});

describe('the push operation', () => {
  it('is guarded, and only for errored.tfstate as terraform names it', () => {
    expect(GUARDED_KINDS).toContain('terraform-state-push');
    expect(displayArgv(parseOperation('terraform-state-push', ['terraform', 'state', 'push', 'errored.tfstate']))).toEqual(['terraform', 'state', 'push', 'errored.tfstate']);
    for (const argv of [
      ['terraform', 'state', 'push', 'other.tfstate'],
      ['terraform', 'state', 'push', '-force', 'errored.tfstate'],
      ['terraform', 'state', 'push', '../errored.tfstate'],
      ['terraform', 'state', 'push', '-'],
    ]) expect(() => parseOperation('terraform-state-push', argv)).toThrow(/must be `terraform state push errored.tfstate`/);
  });

  it('stateDifference: instances added, removed, changed', () => {
    const inst = (attrs: Record<string, unknown>) => ({ schema_version: 0, attributes: attrs });
    const res = (type: string, name: string, attrs: Record<string, unknown>) => ({ mode: 'managed', type, name, provider: 'p', instances: [inst(attrs)] });
    const cur = { version: 4, lineage: L, serial: 1, resources: [res('aws_iam_user', 'a', { name: 'a' }), res('aws_iam_user', 'gone', { name: 'g' }), res('aws_s3_bucket', 'b', { tags: {} })] } as unknown as RawState;
    const next = { version: 4, lineage: L, serial: 2, resources: [res('aws_iam_user', 'a', { name: 'a' }), res('aws_s3_bucket', 'b', { tags: { x: '1' } }), res('terraform_data', 'slow', { id: 'x' })] } as unknown as RawState;
    expect(stateDifference(cur, next)).toEqual({ added: ['terraform_data.slow'], removed: ['aws_iam_user.gone'], changed: ['aws_s3_bucket.b'] });
  });
});

describe('state-lock-held names the repair whose journal has the lock ID', () => {
  const id = '3f1c2a9e-0b7d-4c55-9a43-1d2e3f4a5b6c';
  const detail = `Error message: operation error S3: PutObject, https response error StatusCode: 412, PreconditionFailed
Lock Info:
  ID:        ${id}
  Path:      tfd-repair-kill/acct/kill.tfstate
  Operation: OperationTypeInvalid
  Who:       root@host
  Version:   1.11.4
  Created:   2026-12-03 13:26:00.123456789 +0000 UTC
  Info:      
`;
  const diag = { severity: 'error' as const, summary: 'Error acquiring the state lock', detail };
  const journal = { lockId: id, repairHash: 'f'.repeat(64), proposer: 'alice', approvers: ['bob'], applier: 'carol', backup: '/b/x.tfstate', startedAt: '2026-12-03T13:26:01Z', commands: [['terraform', 'state', 'rm', 'aws_s3_bucket.a']] };
  const now = new Date('2026-12-03T13:30:00Z');
  it('with a matching journal', () => {
    const f = diagnose({ diagnostics: [diag], now, repairsInProgress: [journal] });
    expect(f[0]?.summary).toContain(`held by tfdoctor repair ${'f'.repeat(16)} applied by carol`);
    expect(f[0]?.evidence).toMatchObject({ repair: { hash: 'f'.repeat(64), applier: 'carol', backup: '/b/x.tfstate', approvers: ['bob'] } });
  });
  it('not with a journal of another lock', () => {
    const f = diagnose({ diagnostics: [diag], now, repairsInProgress: [{ ...journal, lockId: 'other' }] });
    expect(f[0]?.summary).not.toContain('tfdoctor repair');
    expect(f[0]?.evidence).not.toHaveProperty('repair');
  });
});
