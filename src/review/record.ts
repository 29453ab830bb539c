/**
 * The review record: what the pair decided, as markdown for the ticket or the
 * merge request. Pure: times and paths come in, a string goes out.
 */
import type { Finding, Report } from '../doctor/report.js';
import { predictionLines } from '../repair/render.js';
import type { Repair } from '../repair/repair-file.js';
import { sanitizeControl } from '../util/control-chars.js';
import type { Decision } from './session.js';

/** Everything the record says. */
export interface ReviewRecordInput {
  report: Report;
  reportFile: string;
  /** Who ran the session (`--as`). */
  reviewer: string;
  /** Who reviewed with them (`--partner`), when known. */
  partner?: string;
  startedAt: Date;
  finishedAt: Date;
  order: readonly Finding[];
  decisions: ReadonlyMap<string, Decision>;
  /** The repair file written for the chosen state edits. */
  repair?: { file: string; repair: Repair };
  /** The commands the second person runs next (nextCommands). */
  next: readonly string[];
}

// Input text (addresses, summaries, reasons) may hold anything: no control
// characters, and nothing that breaks a table cell or an inline code span.
function text(s: string): string {
  return sanitizeControl(s, 'hex-escape');
}
function cell(s: string): string {
  return text(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}
function code(s: string): string {
  const t = text(s);
  const fence = t.includes('`') ? '``' : '`';
  return `${fence}${fence.length > 1 ? ' ' : ''}${t}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,~-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What the second person runs: approve (their key), then whoever applies. */
export function nextCommands(o: { repairFile: string; partner?: string; applier: string }): string[] {
  const file = shellWord(o.repairFile);
  return [
    `tfdoctor repair approve ${file} --as ${o.partner ? shellWord(o.partner) : 'PARTNER'} --key PARTNER_KEYFILE`,
    `tfdoctor repair apply ${file} --as ${shellWord(o.applier)} --approvers APPROVERS_FILE`,
  ];
}

/** One short line per decision, for the table and the summary screen. */
export function decisionLine(d: Decision | undefined): string {
  if (!d) return 'not reviewed';
  if (d.type === 'skipped') return 'skipped';
  if (d.type === 'state-edit') return `${d.proposalId}: state edit, in the repair file`;
  return `${d.proposalId}: done outside tfdoctor`;
}

function reasonOf(d: Decision | undefined): string {
  if (!d) return '';
  if (d.type === 'skipped') return d.reason;
  if (d.type === 'outside') return d.note;
  return d.preview.proposals[0]?.why ?? '';
}

/** The review record as markdown. */
export function renderReviewRecord(r: ReviewRecordInput): string {
  const t = r.report.target;
  const target = [t.account ? `account ${t.account}` : undefined, t.dir ? `dir ${t.dir}` : undefined].filter(Boolean).join(', ') || 'working dir';
  const counts = { chosen: 0, skipped: 0, unreviewed: 0 };
  for (const f of r.order) {
    const d = r.decisions.get(f.id);
    if (!d) counts.unreviewed += 1;
    else if (d.type === 'skipped') counts.skipped += 1;
    else counts.chosen += 1;
  }
  const out: string[] = [];
  out.push(`# tfdoctor review: ${text(t.account ?? t.dir ?? 'working dir')}`, '');
  out.push(`- Reviewed by: ${text(r.reviewer)}${r.partner ? ` with ${text(r.partner)}` : ''}`);
  out.push(`- When: ${r.startedAt.toISOString()} to ${r.finishedAt.toISOString()}`);
  out.push(`- Report: ${code(r.reportFile)} (${text(target)}${r.report.terraform.version ? `, terraform ${text(r.report.terraform.version)}` : ''}${r.report.state?.serial !== undefined ? `, state lineage ${text(r.report.state.lineage ?? '?')} serial ${r.report.state.serial}` : ''})`);
  out.push(`- Findings: ${r.order.length}; ${counts.chosen} with a proposal chosen, ${counts.skipped} skipped, ${counts.unreviewed} not reviewed`);
  out.push(r.repair
    ? `- Repair file: ${code(r.repair.file)} (repair ${r.repair.repair.hash.slice(0, 16)}: ${r.repair.repair.proposals.map((p) => p.id).join(', ')}), proposed by ${text(r.repair.repair.proposer)}, expires ${r.repair.repair.expiresAt}`
    : '- Repair file: none (no state edit was chosen)');
  out.push('');
  out.push('| # | Finding | Severity | Address | Decision | Reason |', '|---|---|---|---|---|---|');
  r.order.forEach((f, i) => {
    const d = r.decisions.get(f.id);
    out.push(`| ${i + 1} | ${cell(`${f.id} ${f.kind}`)} | ${f.severity} | ${cell(f.address ?? '')} | ${cell(decisionLine(d))} | ${cell(reasonOf(d))} |`);
  });
  for (const f of r.order) {
    const d = r.decisions.get(f.id);
    out.push('', `## ${text(f.id)} ${f.kind} (${f.severity})`, '', text(f.summary), '');
    if (!d) {
      out.push('Decision: not reviewed (the session stopped before it).');
      continue;
    }
    if (d.type === 'skipped') {
      out.push(`Decision: left alone. Reason: ${text(d.reason)}`);
      continue;
    }
    const p = f.proposals.find((x) => x.id === d.proposalId);
    out.push(`Decision: ${text(d.proposalId)} (${p?.kind ?? '?'})${d.type === 'state-edit' ? ', a state edit in the repair file' : ''}.`);
    if (p?.argv) out.push('', `    $ ${p.argv.map((a) => text(shellWord(a))).join(' ')}`);
    if (p?.snippet) out.push('', '```', text(p.snippet.trimEnd()).replace(/```/g, '`\u200b``'), '```');
    if (d.type === 'outside') out.push('', `How: ${text(d.note)}`);
    else out.push('', 'Rehearsed on its own on a local copy of the state:', '', ...predictionLines(d.preview).map((l) => `    ${text(l)}`));
  }
  // One state edit: its own rehearsal above is the repair's. Several: rehearsed together, as the approver sees them.
  if (r.repair && r.repair.repair.proposals.length > 1) {
    out.push('', '## The repair file, as the approver sees it', '', 'Rehearsal of all chosen state edits together:', '');
    out.push(...predictionLines(r.repair.repair).map((l) => `    ${text(l)}`));
  }
  if (r.next.length) {
    out.push('', '## Next', '');
    for (const c of r.next) out.push(`    ${c}`);
  }
  return `${out.join('\n')}\n`;
}
