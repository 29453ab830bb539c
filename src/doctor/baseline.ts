/**
 * Scheduled runs without noise (`--baseline PREVIOUS.json`): each finding of this
 * run is marked `new` or still `open` against the previous report, and the
 * previous findings this run no longer sees are listed as `resolved`.
 *
 * A finding is matched by kind + address + a fingerprint of its evidence. The
 * fingerprint leaves out what changes between two runs of the same problem: the
 * finding id (F1, F2 follow the order of discovery), the lock's age and whether
 * it is stale yet, advice and hints (wording), config line numbers (they move
 * when unrelated config moves), the list of other commits that have an AMI (new
 * images keep arriving), and request ids and timestamps inside error text.
 *
 * The fingerprint has one version so far. Typing the evidence per kind
 * (evidence.ts) kept every evidence key and value, so what is hashed did not
 * change; fixtures/golden/doctor/ pins every fingerprint and is read back as an
 * old baseline by test/golden/doctor.test.ts. A change that alters the hashed
 * content must add a fingerprint version here, so an old baseline still matches.
 *
 * Pure, like the rest of src/doctor: reports in, reports out.
 */
import { createHash } from 'node:crypto';
import type { BaselineSummary, Finding, FleetReport, Report, ResolvedFinding } from './report.js';

/** What makes `tfdoctor plan` exit 2: any finding (the default), or only findings the baseline did not have. */
export type FailOn = 'any' | 'new';

/** The values `--fail-on` takes. */
export const FAIL_ON_VALUES: readonly FailOn[] = ['any', 'new'];

/** Evidence keys that differ between two runs of the same problem (see the file comment). */
const VOLATILE_KEYS = new Set(['age_seconds', 'stale', 'stale_after_seconds', 'advice', 'hint', 'range', 'commits_with_ami', 'usual_causes']);

/** Text that differs between two runs of the same error: AWS request ids, timestamps, durations. */
const VOLATILE_TEXT: ReadonlyArray<[RegExp, string]> = [
  [/\b(request[ -]?id:?\s*)[0-9A-Za-z-]{8,}/gi, '$1<id>'],
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?: [+-]\d{4})?(?: UTC)?/g, '<time>'],
];

/**
 * The stable fingerprint of a finding: sha256 (first 16 hex digits) over its kind,
 * address and evidence without the volatile parts. Two runs that see the same
 * problem give the same fingerprint.
 */
export function findingFingerprint(finding: { kind: Finding['kind']; address?: string | undefined; evidence: Readonly<Record<string, unknown>> }): string {
  const stable = stableJson({ kind: finding.kind, address: finding.address ?? null, evidence: stripVolatile(finding.evidence) });
  return createHash('sha256').update(stable).digest('hex').slice(0, 16);
}

/**
 * Marks every finding of `current` `new` or `open` against `previous` and adds
 * the `baseline` summary (counts, resolved findings). `previous` may be the
 * previous run's report of this target or a fleet report holding it; undefined
 * (no earlier report yet) or a report of another account or dir: every finding
 * is new and nothing is resolved.
 */
export function compareWithBaseline(current: Report, previous: Report | FleetReport | undefined): Report {
  const key = targetKey(current);
  const earlier = previous === undefined ? undefined : 'reports' in previous ? previous.reports.find((r) => targetKey(r) === key) : targetKey(previous) === key ? previous : undefined;
  return compareReports(current, earlier);
}

function compareReports(current: Report, previous: Report | undefined): Report {
  const seen = new Map<string, Finding[]>();
  for (const f of previous?.findings ?? []) {
    const k = matchKey(f);
    seen.set(k, [...(seen.get(k) ?? []), f]);
  }
  let fresh = 0;
  const findings = current.findings.map((f) => {
    const fingerprint = findingFingerprint(f);
    const bucket = seen.get(matchKey(f, fingerprint));
    const match = bucket?.shift();
    if (!match) fresh += 1;
    return { ...f, baseline: match ? ('open' as const) : ('new' as const), fingerprint };
  });
  const resolved: ResolvedFinding[] = [...seen.values()].flat().map((f) => ({
    id: f.id,
    kind: f.kind,
    severity: f.severity,
    ...(f.address !== undefined ? { address: f.address } : {}),
    summary: f.summary,
    fingerprint: findingFingerprint(f),
  }));
  const baseline: BaselineSummary = {
    ...(previous?.generatedAt ? { previousGeneratedAt: previous.generatedAt } : {}),
    new: fresh,
    open: findings.length - fresh,
    resolved,
  };
  return { ...current, findings, baseline };
}

/**
 * The same for a fleet: each account's report against the previous run's report
 * of that account (`previous` may be a fleet report or one account's report). An
 * account that could not be diagnosed this time has no report, so nothing of it
 * is called resolved.
 */
export function compareFleetWithBaseline(current: FleetReport, previous: FleetReport | Report | undefined): FleetReport {
  return { ...current, reports: current.reports.map((r) => compareWithBaseline(r, previous)) };
}

/**
 * Whether the findings make the run exit 2: with `any`, every finding counts;
 * with `new`, only findings the baseline did not have (findings never compared
 * count as new).
 */
export function findingsFail(reports: readonly Report[], failOn: FailOn): boolean {
  const findings = reports.flatMap((r) => r.findings);
  return failOn === 'any' ? findings.length > 0 : findings.some((f) => f.baseline !== 'open');
}

/** One line per change since the baseline, for the terminal and markdown outputs (empty without a baseline). */
export function baselineLines(report: Report): string[] {
  const b = report.baseline;
  if (!b) return [];
  const since = b.previousGeneratedAt ? ` since the report of ${b.previousGeneratedAt}` : ' since the baseline';
  const lines = [`${report.target.account ?? report.target.dir ?? 'target'}${since}: ${b.new} new, ${b.open} still open, ${b.resolved.length} resolved`];
  for (const f of report.findings) if (f.baseline === 'new') lines.push(`  new: ${f.id} ${f.kind}${f.address ? ` ${f.address}` : ''}`);
  for (const f of b.resolved) lines.push(`  resolved: ${f.id} ${f.kind}${f.address ? ` ${f.address}` : ''}`);
  return lines;
}

function matchKey(f: Parameters<typeof findingFingerprint>[0], fingerprint = findingFingerprint(f)): string {
  return JSON.stringify([f.kind, f.address ?? null, fingerprint]);
}

function targetKey(r: Report): string {
  return r.target.account !== undefined ? `account:${r.target.account}` : `dir:${r.target.dir ?? ''}`;
}

function stripVolatile(value: unknown): unknown {
  if (typeof value === 'string') return VOLATILE_TEXT.reduce((s, [re, to]) => s.replace(re, to), value);
  if (Array.isArray(value)) return value.map(stripVolatile);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE_KEYS.has(k)).map(([k, v]) => [k, stripVolatile(v)]));
  }
  return value;
}

/** JSON with object keys sorted, so the fingerprint does not depend on the order evidence was built in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
