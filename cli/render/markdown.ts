/**
 * The report as a merge-request comment: a table of findings, then one
 * collapsible section per finding with evidence and proposals. Every value
 * from input is escaped for Markdown/HTML, and code fences are longer than any
 * backtick run inside them.
 */
import type { Finding, FleetReport, Report } from '../../src/doctor/report.js';
import { attributeRows, countLine, displayArgv, plural, showValue, targetName, visible } from './text.js';

const ICON: Record<Finding['severity'], string> = { error: '🔴', warning: '🟡', info: '🔵' };

/** The report as a merge-request comment (what `tfdoctor plan --markdown` prints): a findings table, then evidence and proposals per finding, every value escaped. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const tf = report.terraform.version ? ` · terraform ${esc(report.terraform.version)}` : '';
  const serial = (report.state?.serial !== undefined ? ` · state serial ${report.state.serial}` : '') +
    (report.plan && report.plan.mode !== 'normal' ? ` · ${report.plan.mode} plan` : '');
  if (!report.findings.length) {
    out.push(`### ✅ tfdoctor: \`${code(targetName(report))}\`: no findings`, '', `State and reality agree${tf}${serial}.`);
    return `${out.join('\n')}\n`;
  }
  out.push(`### tfdoctor: \`${code(targetName(report))}\`: ${countLine(report.findings)}`, '', `tfdoctor ${esc(report.version)}${tf}${serial}`, '');
  out.push('| | id | kind | address | summary |', '|---|---|---|---|---|');
  for (const f of report.findings) {
    out.push(`| ${ICON[f.severity]} | ${f.id} | \`${f.kind}\` | ${f.address ? `\`${code(f.address)}\`` : ''} | ${cell(f.summary)} |`);
  }
  out.push('');
  for (const f of report.findings) out.push(...details(f));
  const mutating = report.findings.flatMap((f) => f.proposals.filter((p) => p.mutatesState).map((p) => p.id));
  if (mutating.length) {
    out.push(`State-changing proposals (${mutating.join(', ')}) need a second person: \`tfdoctor repair propose --report FILE --proposal ID --as YOU\`, then \`repair approve\`.`);
  }
  return `${out.join('\n')}\n`;
}

function details(f: Finding): string[] {
  const out: string[] = [];
  out.push('<details>', `<summary>${ICON[f.severity]} <b>${f.id}</b> <code>${f.kind}</code>${f.address ? ` <code>${html(f.address)}</code>` : ''}</summary>`, '');
  out.push(esc(f.summary), '');
  const rows = attributeRows(f);
  if (rows.length) {
    out.push('| attribute | before | after |', '|---|---|---|');
    for (const r of rows) {
      out.push(r.sensitive ? `| \`${code(r.path)}\` | (sensitive) | (sensitive) |` : `| \`${code(r.path)}\` | ${cell(showValue(r.before))} | ${cell(showValue(r.after))} |`);
    }
    out.push('');
  }
  if (f.proposals.length) {
    out.push('**Proposals**', '');
    for (const p of f.proposals) {
      out.push(`- **${p.id}** \`${p.kind}\`${p.mutatesState ? ' (changes state: guarded repair)' : ''}: ${esc(p.why)}`);
      if (p.argv) out.push(...fenced(displayArgv(p.argv), 'sh', '  '));
      if (p.snippet) out.push(...fenced(p.snippet.trimEnd(), p.kind === 'inventory-deletion-approval' || p.kind === 'inventory-pin-image-ref' ? 'yaml' : 'hcl', '  '));
      for (const chk of p.checkFirst ?? []) out.push(`  - check first: ${esc(chk)}`);
    }
    out.push('');
  }
  out.push('Evidence:', '', ...fenced(JSON.stringify(f.evidence, null, 2), 'json'), '', '</details>', '');
  return out;
}

function fenced(text: string, lang: string, indent = ''): string[] {
  const clean = visible(text);
  const longest = Math.max(2, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return [`${indent}${fence}${lang}`, ...clean.split('\n').map((l) => `${indent}${l}`), `${indent}${fence}`];
}

/** Text outside code: escape Markdown and HTML so input cannot add links, images or tags. */
function esc(s: string): string {
  return visible(s).replace(/[\\`*_[\]|<>&~]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

function cell(s: string): string {
  return esc(s).replace(/\n/g, ' ');
}

/** Inside inline code: backticks can't be escaped, so they are replaced; pipes break tables. */
function code(s: string): string {
  return visible(s).replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function html(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A fleet report as one merge-request comment: a table row per account (failures included), then each account with findings in a collapsible section. */
export function renderFleetMarkdown(fleet: FleetReport): string {
  const out: string[] = [];
  const sick = fleet.reports.filter((r) => r.findings.length);
  const shard = fleet.shard ? ` (shard ${fleet.shard.index + 1}/${fleet.shard.count})` : '';
  out.push(`### tfdoctor fleet${shard}: ${plural(fleet.reports.length, 'account')}, ${sick.length} with findings, ${fleet.failures.length} failed`, '');
  out.push('| account | result | kinds |', '|---|---|---|');
  for (const r of fleet.reports) {
    const kinds = [...new Set(r.findings.map((f) => `\`${f.kind}\``))].join(', ');
    out.push(`| \`${code(targetName(r))}\` | ${r.findings.length ? countLine(r.findings) : '✅ clean'} | ${kinds} |`);
  }
  for (const f of fleet.failures) out.push(`| \`${code(f.account)}\` | ❌ could not diagnose | ${cell(f.error.split('\n')[0] ?? '')} |`);
  out.push('');
  for (const r of sick) {
    out.push('<details>', `<summary><b>${html(targetName(r))}</b>: ${countLine(r.findings)}</summary>`, '', renderMarkdown(r).trimEnd(), '', '</details>', '');
  }
  return `${out.join('\n')}\n`;
}
