/**
 * The report for a terminal: summary first, findings grouped by severity,
 * attribute diffs, proposals with their exact argv. A clean account prints one
 * reassuring line.
 */
import { Chalk } from 'chalk';
import type { Finding, FleetReport, Report } from '../../src/doctor/report.js';
import { attributeRows, countLine, diagnosticOf, displayArgv, plural, SEVERITIES, showValue, targetName, visible } from './text.js';

export interface TerminalOptions {
  color: boolean;
}

type Paint = InstanceType<typeof Chalk>;

export function renderTerminal(report: Report, opts: TerminalOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  const tf = report.terraform.version ? `terraform ${report.terraform.version}` : undefined;
  const serial = report.state?.serial !== undefined ? `state serial ${report.state.serial}` : undefined;
  const ctx = [tf, serial].filter(Boolean).join(', ');
  if (!report.findings.length) {
    out.push(`${c.green('✓')} ${c.bold(visible(targetName(report)))}: no findings, state and reality agree${ctx ? ` (${ctx})` : ''}`);
    return `${out.join('\n')}\n`;
  }
  out.push(`${c.bold(`tfdoctor: ${visible(targetName(report))}`)}: ${countLine(report.findings)}${ctx ? c.dim(`  [${ctx}]`) : ''}`);
  for (const f of report.findings) out.push(`  ${sevMark(c, f.severity)} ${f.id} ${visible(f.summary)}`);
  for (const sev of SEVERITIES) {
    const group = report.findings.filter((f) => f.severity === sev);
    if (!group.length) continue;
    out.push('', sevTitle(c, sev, group.length));
    for (const f of group) out.push(...renderFinding(c, f));
  }
  const mutating = report.findings.flatMap((f) => f.proposals.filter((p) => p.mutatesState).map((p) => p.id));
  if (mutating.length) {
    out.push('', c.dim(`State-changing proposals go through review: tfdoctor repair propose --report FILE --proposal ${mutating[0] ?? ''} --as YOU`));
  }
  return `${out.join('\n')}\n`;
}

/** One finding as the terminal report shows it (also the review session's screen per finding). */
export function findingLines(f: Finding, opts: TerminalOptions): string[] {
  return renderFinding(new Chalk({ level: opts.color ? 1 : 0 }), f);
}

function sevMark(c: Paint, sev: Finding['severity']): string {
  return sev === 'error' ? c.red('✗') : sev === 'warning' ? c.yellow('!') : c.blue('i');
}

function sevTitle(c: Paint, sev: Finding['severity'], n: number): string {
  const t = `${sev === 'error' ? 'ERRORS' : sev === 'warning' ? 'WARNINGS' : 'INFO'} (${n})`;
  return sev === 'error' ? c.red.bold(t) : sev === 'warning' ? c.yellow.bold(t) : c.blue.bold(t);
}

function renderFinding(c: Paint, f: Finding): string[] {
  const out: string[] = [];
  out.push(`  ${c.bold(f.id)} ${c.cyan(f.kind)}${f.address ? `  ${c.bold(visible(f.address))}` : ''}`);
  out.push(`     ${visible(f.summary)}`);
  const rows = attributeRows(f);
  if (rows.length) {
    out.push(`     ${c.dim('attributes:')}`);
    for (const r of rows) {
      out.push(r.sensitive
        ? `       ${visible(r.path)}: ${c.dim('(sensitive value changed)')}`
        : `       ${visible(r.path)}: ${c.red(visible(showValue(r.before)))} ${c.dim('→')} ${c.green(visible(showValue(r.after)))}`);
    }
  }
  out.push(...evidenceLines(c, f));
  if (f.proposals.length) {
    out.push(`     ${c.dim('proposals:')}`);
    for (const p of f.proposals) {
      out.push(`       ${c.bold(p.id)} ${p.kind}${p.mutatesState ? c.magenta(' [changes state: needs review]') : ''}: ${visible(p.why)}`);
      if (p.argv) out.push(`            ${c.dim('$')} ${visible(displayArgv(p.argv))}`);
      if (p.snippet) for (const line of p.snippet.trimEnd().split('\n')) out.push(`            ${c.dim('│')} ${visible(line)}`);
      for (const chk of p.checkFirst ?? []) out.push(`            ${c.dim('check first:')} ${visible(chk)}`);
    }
  }
  out.push('');
  return out;
}

/** A few evidence lines that tell a person why: lock info, the raw diagnostic, AMI commits. */
function evidenceLines(c: Paint, f: Finding): string[] {
  const out: string[] = [];
  const lock = f.kind === 'state-lock-held' ? f.evidence.lock : undefined;
  if (lock) {
    const parts = (['id', 'who', 'operation', 'created', 'path'] as const).filter((k) => lock[k] !== undefined).map((k) => `${k}=${lock[k] ?? ''}`);
    out.push(`     ${c.dim('lock:')} ${visible(parts.join(' '))}`);
  }
  const commitsWithAmi = f.kind === 'ami-not-found' ? f.evidence.commits_with_ami : undefined;
  if (commitsWithAmi) {
    const commits = commitsWithAmi.map((x) => `${x.commit.slice(0, 12)} (${x.image_id})`);
    out.push(`     ${c.dim('commits with an AMI:')} ${visible(commits.join(', ') || 'none')}`);
  }
  const diag = diagnosticOf(f);
  if (diag) {
    // terraform 1.11 sometimes puts the whole message in `summary` (S3 checksum error): show both as one text.
    const lines = `${diag.summary}\n${diag.detail}`.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim());
    out.push(`     ${c.dim('terraform said:')} ${visible(lines[0] ?? '')}`);
    const rest = lines.slice(1);
    for (const line of rest.slice(0, 8)) out.push(`       ${c.dim(visible(line))}`);
    if (rest.length > 8) out.push(`       ${c.dim(`... ${rest.length - 8} more lines in the JSON report`)}`);
  }
  return out;
}

export function renderFleetTerminal(fleet: FleetReport, opts: TerminalOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const sick = fleet.reports.filter((r) => r.findings.length);
  const out: string[] = [];
  const shard = fleet.shard ? ` (shard ${fleet.shard.index + 1}/${fleet.shard.count})` : '';
  out.push(c.bold(`tfdoctor fleet${shard}: ${plural(fleet.reports.length, 'account')} diagnosed, ${sick.length} with findings, ${fleet.failures.length} failed`));
  for (const r of fleet.reports) {
    const kinds = [...new Set(r.findings.map((f) => f.kind))].join(', ');
    out.push(r.findings.length
      ? `  ${sevMark(c, r.findings.some((f) => f.severity === 'error') ? 'error' : 'warning')} ${visible(targetName(r))}: ${countLine(r.findings)}: ${kinds}`
      : `  ${c.green('✓')} ${visible(targetName(r))}: clean`);
  }
  for (const f of fleet.failures) out.push(`  ${c.red('✗')} ${visible(f.account)}: ${c.red('could not diagnose')}: ${visible(firstLine(f.error))}`);
  for (const r of sick) out.push('', renderTerminal(r, opts).trimEnd());
  return `${out.join('\n')}\n`;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? '';
}
