/**
 * Joining shard outputs (`tfdoctor report merge`): each shard of a fleet run
 * writes a FleetReport (or a single account's Report); the merge is one
 * FleetReport. An account seen twice means the shards overlapped (different
 * shard counts, or a rerun of a shard saved beside the first): refused, since
 * picking one of the two silently could hide the newer findings.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { FleetReport, Report } from '../doctor/report.js';
import { VERSION } from '../version.js';

/** One report file to merge (readReportFile), single-account or fleet. */
export interface MergeInput {
  /** Where it came from, for error messages. */
  file: string;
  /** The parsed JSON: a FleetReport or a Report. */
  data: unknown;
}

/** The merged fleet report and the warnings of the merge. */
export interface MergeResult {
  report: FleetReport;
  /** Things a person should know but that do not stop the merge (e.g. shards missing). */
  warnings: string[];
}

/** Reads and parses one report file (FleetReport or Report), naming the file on errors. */
export async function readReportFile(file: string): Promise<MergeInput> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read report: ${(err as Error).message}`, file);
  }
  try {
    return { file, data: JSON.parse(text) as unknown };
  } catch (err) {
    throw new InputError(`not JSON: ${(err as Error).message}`, file);
  }
}

/** Merges shard reports into one FleetReport. Throws InputError on an account seen twice. */
export function mergeReports(inputs: readonly MergeInput[]): MergeResult {
  if (inputs.length === 0) throw new InputError('nothing to merge: give at least one report file');
  const reports: Report[] = [];
  const failures: FleetReport['failures'] = [];
  const seenIn = new Map<string, string>();
  const shardsSeen: Array<{ index: number; count: number; file: string }> = [];
  const warnings: string[] = [];

  const claim = (key: string, file: string, path: readonly (string | number)[]): void => {
    const before = seenIn.get(key);
    if (before !== undefined) {
      throw new InputError(
        `${key} appears more than once (first in ${before}); shards must not overlap: check that every shard used the same --shard count and that no shard's report is given twice`,
        file,
        path,
      );
    }
    seenIn.set(key, file);
  };

  for (const { file, data } of inputs) {
    const parsed = parseEither(file, data);
    if (parsed.kind === 'report') {
      claim(identityOf(parsed.report, file, []), file, ['target']);
      reports.push(parsed.report);
      continue;
    }
    const fleet = parsed.fleet;
    if (fleet.shard) shardsSeen.push({ ...fleet.shard, file });
    fleet.reports.forEach((r, i) => {
      claim(identityOf(r, file, ['reports', i]), file, ['reports', i, 'target']);
      reports.push(r);
    });
    fleet.failures.forEach((f, i) => {
      claim(`account ${JSON.stringify(f.account)}`, file, ['failures', i, 'account']);
      failures.push(f);
    });
  }

  const counts = new Set(shardsSeen.map((s) => s.count));
  if (counts.size > 1) {
    throw new InputError(
      `shard reports were made with different shard counts (${[...counts].sort((a, b) => a - b).join(', ')}): their account sets do not line up`,
      shardsSeen.find((s) => s.count !== shardsSeen[0]?.count)?.file,
      ['shard', 'count'],
    );
  }
  const count = shardsSeen[0]?.count;
  if (count !== undefined) {
    const have = new Set(shardsSeen.map((s) => s.index));
    const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !have.has(i));
    if (missing.length) warnings.push(`shards missing from the merge: ${missing.map((i) => `${i}/${count}`).join(', ')}; their accounts are not in this report`);
  }

  const key = (r: Report): string => r.target.account ?? r.target.dir ?? '';
  reports.sort((a, b) => compare(key(a), key(b)));
  failures.sort((a, b) => compare(a.account, b.account));
  return {
    report: { tool: 'tfdoctor', version: VERSION, schemaVersion: 1, reports, failures },
    warnings,
  };
}

type Parsed = { kind: 'report'; report: Report } | { kind: 'fleet'; fleet: FleetReport };

function parseEither(file: string, data: unknown): Parsed {
  // A FleetReport has `reports`; a Report has `findings`. Decide on that, then
  // let the matching schema name the exact path of anything wrong.
  const isFleet = typeof data === 'object' && data !== null && 'reports' in data;
  const result = isFleet ? FleetReport.safeParse(data) : Report.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `not a tfdoctor ${isFleet ? 'fleet report' : 'report'}: ${issue?.message ?? 'invalid'}`,
      file,
      issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) ?? [],
    );
  }
  return isFleet ? { kind: 'fleet', fleet: result.data as FleetReport } : { kind: 'report', report: result.data as Report };
}

function identityOf(r: Report, file: string, path: readonly (string | number)[]): string {
  if (r.target.account !== undefined) return `account ${JSON.stringify(r.target.account)}`;
  if (r.target.dir !== undefined) return `dir ${JSON.stringify(r.target.dir)}`;
  throw new InputError('report names neither target.account nor target.dir: cannot tell which account it is', file, [...path, 'target']);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
