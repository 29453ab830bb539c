/**
 * `--baseline` over REAL captured fixtures: reports built the way planAccount
 * builds them, compared run after run (src/doctor/baseline.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareFleetWithBaseline, compareWithBaseline, findingFingerprint, findingsFail } from '../../src/doctor/baseline.js';
import { buildReport } from '../../src/doctor/build-report.js';
import { diagnose } from '../../src/doctor/diagnose.js';
import { FleetReport, Report } from '../../src/doctor/report.js';
import type { AccountGate } from '../../src/doctor/types.js';
import { Diagnostic, PlanJson } from '../../src/tfjson/index.js';

const ROOT = new URL('../../fixtures/captured/', import.meta.url);
const gate: AccountGate = { name: 'app-sre-stage', enableDeletion: false, deletionApprovals: [] };
const read = (scenario: string, name: string): unknown => JSON.parse(readFileSync(new URL(`${scenario}/${name}`, ROOT), 'utf8'));
const meta = (scenario: string): Record<string, string> => read(scenario, 'meta.json') as Record<string, string>;
const HOUR = 3_600_000;

/** One run of the schedule: the scenario's captured plan/diagnostics, diagnosed at `now`. */
function runOf(scenario: string, now: Date, account = 'app-sre-stage'): Report {
  let plan: PlanJson | undefined;
  try {
    plan = PlanJson.parse(read(scenario, 'plan.json'));
  } catch {
    plan = undefined;
  }
  const diagnostics = z.array(Diagnostic).parse(read(scenario, 'diagnostics.json'));
  const findings = diagnose({ ...(plan ? { plan } : {}), diagnostics, account: { ...gate, name: account }, now });
  return Report.parse(buildReport({ target: { account }, findings, now }));
}

describe('--baseline: a finding appears, stays, is repaired', () => {
  const t0 = new Date(meta('deleted-out-of-band')['captured_at']!);
  const at = (h: number) => new Date(t0.getTime() + h * HOUR);

  const first = compareWithBaseline(runOf('clean', at(0)), undefined);
  const appears = compareWithBaseline(runOf('deleted-out-of-band', at(1)), first);
  const stays = compareWithBaseline(runOf('deleted-out-of-band', at(2)), appears);
  const repaired = compareWithBaseline(runOf('clean', at(3)), stays);

  it('run 1 (clean, no previous report): nothing new, nothing resolved; exit 0 either way', () => {
    expect(first.findings).toEqual([]);
    expect(first.baseline).toEqual({ new: 0, open: 0, resolved: [], });
    expect(findingsFail([first], 'new')).toBe(false);
    expect(findingsFail([first], 'any')).toBe(false);
  });

  it('run 2: the deleted objects are new; exit 2 with --fail-on new and any', () => {
    expect(appears.findings.length).toBeGreaterThan(0);
    expect(appears.findings.map((f) => f.baseline)).toEqual(appears.findings.map(() => 'new'));
    expect(appears.findings.map((f) => f.kind)).toContain('deleted-out-of-band');
    expect(appears.baseline).toMatchObject({ new: appears.findings.length, open: 0, resolved: [], previousGeneratedAt: at(0).toISOString() });
    for (const f of appears.findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(findingsFail([appears], 'new')).toBe(true);
    expect(findingsFail([appears], 'any')).toBe(true);
    // Schema-valid: the report contract holds the new fields.
    expect(Report.parse(appears)).toEqual(appears);
  });

  it('run 3: the same findings are still open; exit 0 with --fail-on new, 2 with any', () => {
    expect(stays.findings.map((f) => [f.kind, f.address, f.baseline])).toEqual(appears.findings.map((f) => [f.kind, f.address, 'open']));
    expect(stays.findings.map((f) => f.fingerprint)).toEqual(appears.findings.map((f) => f.fingerprint));
    expect(stays.baseline).toMatchObject({ new: 0, open: stays.findings.length, resolved: [] });
    expect(findingsFail([stays], 'new')).toBe(false);
    expect(findingsFail([stays], 'any')).toBe(true);
  });

  it('run 4 (repaired): every finding of run 3 is resolved; exit 0', () => {
    expect(repaired.findings).toEqual([]);
    expect(repaired.baseline?.resolved.map((f) => [f.id, f.kind, f.address, f.fingerprint])).toEqual(
      stays.findings.map((f) => [f.id, f.kind, f.address, f.fingerprint]),
    );
    expect(findingsFail([repaired], 'new')).toBe(false);
  });
});

describe('the fingerprint', () => {
  const created = (): number => {
    const f = runOf('lock-held', new Date(meta('lock-held')['captured_at']!)).findings[0]!;
    return Date.parse(String((f.evidence['lock'] as { createdIso: string }).createdIso));
  };

  it('the same held lock seen later (older, now stale, another summary) is the same finding', () => {
    const young = runOf('lock-held', new Date(created() + 10 * 60_000));
    const old = runOf('lock-held', new Date(created() + 5 * HOUR));
    expect(young.findings[0]?.evidence['stale']).toBe(false);
    expect(old.findings[0]?.evidence['stale']).toBe(true);
    expect(young.findings[0]?.summary).not.toEqual(old.findings[0]?.summary);
    const cmp = compareWithBaseline(old, young);
    expect(cmp.findings.map((f) => f.baseline)).toEqual(['open']);
    expect(cmp.baseline?.resolved).toEqual([]);
  });

  it('another lock (new lock ID) is a new finding and the old one is resolved', () => {
    const before = runOf('lock-held', new Date(created() + HOUR));
    const lock = before.findings[0]!.evidence['lock'] as Record<string, unknown>;
    const other = structuredClone(before);
    other.findings[0]!.evidence['lock'] = { ...lock, id: '11111111-2222-3333-4444-555555555555' };
    const cmp = compareWithBaseline(other, before);
    expect(cmp.findings.map((f) => f.baseline)).toEqual(['new']);
    expect(cmp.baseline?.resolved.map((f) => f.kind)).toEqual(['state-lock-held']);
  });

  it.each([
    ['AWS request ids', 'operation error S3: PutObject, https response error StatusCode: 500, RequestID: 8f6c1e2a-aa11-4b7e-9a44-7a1f2c3d4e5f, api error', 'operation error S3: PutObject, https response error StatusCode: 500, RequestID: 0c0ffee0-bb22-4c8f-8b55-1234567890ab, api error'],
    ['timestamps', 'Created: 2026-12-02 10:00:01.123456789 +0000 UTC', 'Created: 2026-12-02 11:30:00.5 +0000 UTC'],
  ])('ignores %s in error text', (_what, a, b) => {
    const f = (detail: string) => ({ kind: 'unclassified-error' as const, evidence: { diagnostic: { summary: 'x', detail } } });
    expect(findingFingerprint(f(a))).toBe(findingFingerprint(f(b)));
    expect(findingFingerprint(f(a))).not.toBe(findingFingerprint(f('another error entirely')));
  });

  it('depends on kind and address, not on the order evidence keys were written in', () => {
    const e = { a: 1, b: { c: 2, d: [3] } };
    expect(findingFingerprint({ kind: 'deleted-out-of-band', address: 'x.y', evidence: e })).toBe(findingFingerprint({ kind: 'deleted-out-of-band', address: 'x.y', evidence: { b: { d: [3], c: 2 }, a: 1 } }));
    expect(findingFingerprint({ kind: 'deleted-out-of-band', address: 'x.y', evidence: e })).not.toBe(findingFingerprint({ kind: 'deleted-out-of-band', address: 'x.z', evidence: e }));
    expect(findingFingerprint({ kind: 'deleted-out-of-band', address: 'x.y', evidence: e })).not.toBe(findingFingerprint({ kind: 'orphaned-in-state', address: 'x.y', evidence: e }));
  });
});

describe('fleets', () => {
  const now = new Date(meta('deleted-out-of-band')['captured_at']!);
  const fleet = (reports: Report[]): FleetReport => ({ tool: 'tfdoctor', version: '0.0.0', schemaVersion: 1, reports, failures: [] });

  it('each account is compared with its own previous report; an account missing this time resolves nothing', () => {
    const previous = fleet([runOf('deleted-out-of-band', now, 'a'), runOf('lock-held', now, 'b'), runOf('deleted-out-of-band', now, 'gone')]);
    const current = compareFleetWithBaseline(fleet([runOf('deleted-out-of-band', now, 'a'), runOf('clean', now, 'b'), runOf('lock-held', now, 'c')]), previous);
    const [a, b, c] = current.reports;
    expect(a?.baseline).toMatchObject({ new: 0, resolved: [] });
    expect(a?.findings.every((f) => f.baseline === 'open')).toBe(true);
    expect(b?.baseline?.resolved.map((f) => f.kind)).toEqual(['state-lock-held']);
    expect(c?.findings.map((f) => f.baseline)).toEqual(['new']);
    expect(current.reports.map((r) => r.target.account)).toEqual(['a', 'b', 'c']);
    expect(FleetReport.parse(current)).toEqual(current);
  });

  it("a single account's previous report is a baseline for that account only", () => {
    const prev = runOf('lock-held', now, 'a');
    expect(compareWithBaseline(runOf('lock-held', now, 'a'), prev).findings.map((f) => f.baseline)).toEqual(['open']);
    expect(compareWithBaseline(runOf('lock-held', now, 'b'), prev).findings.map((f) => f.baseline)).toEqual(['new']);
  });
});
