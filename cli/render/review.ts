/**
 * The review session's screens (`tfdoctor review`): one finding with its
 * evidence and proposals, a rehearsed result, the summary. Text for a
 * terminal; the same lines whether colored or not.
 */
import { Chalk } from 'chalk';
import type { Finding } from '../../src/doctor/report.js';
import type { Repair } from '../../src/repair/repair-file.js';
import { predictionLines } from '../../src/repair/render.js';
import { decisionLine, type Decision, type Position } from '../../src/review/index.js';
import { findingLines } from './terminal.js';
import { displayArgv, visible } from './text.js';

export interface ReviewRenderOptions {
  color: boolean;
  now: Date;
}

interface PlanEntry { address?: unknown; actions?: unknown; action_reason?: unknown }

function isPlanEntry(v: unknown): v is PlanEntry {
  return typeof v === 'object' && v !== null && typeof (v as PlanEntry).address === 'string' && Array.isArray((v as PlanEntry).actions);
}

function age(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 90) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}

/** Evidence the terminal report leaves out and a reviewer asks for: which plan entries (and why terraform plans them), how old a lock is. */
export function extraEvidenceLines(f: Finding, now: Date): string[] {
  const out: string[] = [];
  for (const [key, v] of Object.entries(f.evidence as Record<string, unknown>)) {
    if (!isPlanEntry(v)) continue;
    const reason = typeof v.action_reason === 'string' ? ` (${v.action_reason})` : '';
    out.push(`     ${key}: ${(v.actions as unknown[]).join(', ')} ${String(v.address)}${reason}`);
  }
  const lock = f.kind === 'state-lock-held' ? f.evidence.lock : undefined;
  const created = lock?.createdIso ?? lock?.created;
  if (created && Number.isFinite(Date.parse(created))) out.push(`     lock age: ${age(now.getTime() - Date.parse(created))}`);
  return out.map(visible);
}

/** One finding's screen. */
export function renderReviewFinding(f: Finding, at: Position, current: Decision | undefined, o: ReviewRenderOptions): string {
  const c = new Chalk({ level: o.color ? 1 : 0 });
  const lines = [
    '',
    c.bold(`── finding ${at.index + 1} of ${at.count} · ${f.severity.toUpperCase()} · ${visible(f.id)} ${f.kind} ──`),
    ...(current ? [`   decided so far: ${visible(decisionLine(current))}`] : []),
    ...findingLines(f, { color: o.color }).filter((l, i, all) => !(i === all.length - 1 && l === '')),
    ...extraEvidenceLines(f, o.now),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** The rehearsed result of one state edit, from the repair `repair propose` would write. */
export function renderRehearsed(preview: Repair): string {
  const p = preview.proposals[0];
  const lines = [
    '',
    ...(p ? [`   ${visible(p.id)}: $ ${visible(displayArgv(p.argv))}`] : []),
    ...predictionLines(preview).map((l) => `   ${visible(l)}`),
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/** The summary at the end: each finding and what was decided. */
export function renderReviewSummary(order: readonly Finding[], decisions: ReadonlyMap<string, Decision>, o: { color: boolean }): string {
  const c = new Chalk({ level: o.color ? 1 : 0 });
  const lines = ['', c.bold(`── summary: ${order.length} finding${order.length === 1 ? '' : 's'} ──`)];
  for (const f of order) {
    const d = decisions.get(f.id);
    const reason = d?.type === 'skipped' ? ` (${d.reason})` : '';
    lines.push(`   ${visible(f.id)} ${f.severity.padEnd(7)} ${f.kind}${f.address ? ` ${visible(f.address)}` : ''}: ${visible(decisionLine(d) + reason)}`);
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
