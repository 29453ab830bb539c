/**
 * Reading the previous report of a scheduled run (`--baseline PREVIOUS.json`);
 * the comparison itself is pure (src/doctor/baseline.ts).
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { FleetReport, Report } from '../doctor/report.js';

/** A previous report as read from its file: one account's report or a fleet report. */
export type Baseline = { file: string; previous: Report | FleetReport | undefined };

/**
 * Reads a report saved by an earlier run (`--report FILE` or `--json`), single
 * account or fleet. A file that does not exist yet is the first run of a
 * schedule: `previous` is undefined and every finding will be new. A file that
 * exists but is not a tfdoctor report is an InputError (a scheduled run must not
 * silently compare with nothing).
 */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file, previous: undefined };
    throw new InputError(`cannot read the baseline: ${(err as Error).message}`, file);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(`the baseline is not JSON: ${(err as Error).message}`, file);
  }
  const isFleet = typeof data === 'object' && data !== null && 'reports' in data;
  const parsed = isFleet ? FleetReport.safeParse(data) : Report.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a tfdoctor ${isFleet ? 'fleet ' : ''}report: ${issue?.message ?? 'invalid'}`, file, issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) ?? []);
  }
  return { file, previous: parsed.data };
}
