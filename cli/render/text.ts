/**
 * Shared helpers for the renderers. Everything shown comes from input
 * (addresses, ids, provider messages) and is treated as hostile: control
 * characters (ANSI escapes that could rewrite the terminal, carriage returns)
 * are made visible before printing.
 */
import type { AttributeChangeEvidence, DiagnosticEvidence } from '../../src/doctor/evidence.js';
import type { Finding, Report } from '../../src/doctor/report.js';
import { sanitizeControl } from '../../src/util/control-chars.js';

/** Control characters except newline and tab shown as `\u001b`-style escapes. */
export function visible(text: string): string {
  return sanitizeControl(text, 'unicode-escape');
}

/** argv as a person would type it (POSIX single quotes where needed), for display only; it is never run from this string. */
export function displayArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function countLine(findings: readonly Finding[]): string {
  const c = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity] += 1;
  const parts = [c.error ? plural(c.error, 'error') : '', c.warning ? plural(c.warning, 'warning') : '', c.info ? `${c.info} info` : ''].filter(Boolean);
  return `${plural(findings.length, 'finding')} (${parts.join(', ')})`;
}

export function targetName(report: Report): string {
  return report.target.account ?? report.target.dir ?? 'working dir';
}

export const SEVERITIES = ['error', 'warning', 'info'] as const;

/** One attribute diff row, as the evidence types it (evidence.ts). */
export type AttributeRow = AttributeChangeEvidence;

/** The attribute diffs a finding's evidence holds: the drift of changed-out-of-band, the attributes forcing a replacement of deletion-not-enabled. */
export function attributeRows(f: Finding): AttributeRow[] {
  switch (f.kind) {
    case 'changed-out-of-band':
      return f.evidence.attributes ?? [];
    case 'deletion-not-enabled':
      return f.evidence.replace_attributes ?? [];
    default:
      return [];
  }
}

/** The terraform diagnostic a finding was read from, for the kinds read from diagnostics. */
export function diagnosticOf(f: Finding): DiagnosticEvidence | undefined {
  switch (f.kind) {
    case 'exists-unmanaged':
    case 'ami-not-found':
    case 'state-lock-held':
    case 'state-checksum-mismatch':
    case 'state-write-failed':
    case 'provider-inconsistent-result':
    case 'unclassified-error':
      return f.evidence.diagnostic;
    default:
      return undefined;
  }
}

export function showValue(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
