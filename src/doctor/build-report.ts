/** The report object (contracts §3) around a list of findings. */
import { VERSION } from '../version.js';
import type { Finding, Report } from './report.js';
import type { PlanMode } from './types.js';

/** The prior state a report is about: lineage, serial, sha256. */
export interface ReportStateBinding {
  lineage?: string | undefined;
  serial?: number | undefined;
  sha256?: string | undefined;
}

/** What buildReport wraps around the findings: target, terraform version, state binding, clock. */
export interface BuildReportInput {
  target: { account?: string | undefined; dir?: string | undefined };
  terraformVersion?: string | undefined;
  /** The prior state the plan was made against: `{lineage, serial, sha256}`, or a StateSnapshot `{ state: RawState, sha256 }`. */
  state?: ReportStateBinding | { state: { lineage: string; serial: number }; sha256: string } | undefined;
  findings: readonly Finding[];
  /** How the plan was made (`normal`, `refresh-only`, `destroy`); left out when not known. */
  planMode?: PlanMode | undefined;
  now: Date;
}

/** The report object (contracts §3) around a list of findings. */
export function buildReport(input: BuildReportInput): Report {
  const target: Report['target'] = {};
  if (input.target.account !== undefined) target.account = input.target.account;
  if (input.target.dir !== undefined) target.dir = input.target.dir;
  const report: Report = {
    tool: 'tfdoctor',
    version: VERSION,
    schemaVersion: 1,
    target,
    terraform: input.terraformVersion !== undefined ? { version: input.terraformVersion } : {},
    ...(input.planMode ? { plan: { mode: input.planMode } } : {}),
    generatedAt: input.now.toISOString(),
    findings: [...input.findings],
  };
  const s = stateBinding(input.state);
  if (s) report.state = s;
  return report;
}

function stateBinding(s: BuildReportInput['state']): Report['state'] {
  if (!s) return undefined;
  const flat: ReportStateBinding = 'state' in s && typeof s.state === 'object' ? { lineage: s.state.lineage, serial: s.state.serial, sha256: s.sha256 } : (s as ReportStateBinding);
  const out: NonNullable<Report['state']> = {};
  if (flat.lineage !== undefined) out.lineage = flat.lineage;
  if (flat.serial !== undefined) out.serial = flat.serial;
  if (flat.sha256 !== undefined) out.sha256 = flat.sha256;
  return Object.keys(out).length ? out : undefined;
}

/** Findings counted by severity, for summaries. */
export function countBySeverity(findings: readonly Finding[]): Record<'error' | 'warning' | 'info', number> {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity] += 1;
  return c;
}
