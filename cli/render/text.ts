/**
 * Shared helpers for the renderers. Everything shown comes from input
 * (addresses, ids, provider messages) and is treated as hostile: control
 * characters (ANSI escapes that could rewrite the terminal, carriage returns)
 * are made visible before printing.
 */
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

export interface AttributeRow {
  path: string;
  before?: unknown;
  after?: unknown;
  sensitive?: boolean;
}

/** The attribute diffs a finding's evidence holds (drift, replacement). */
export function attributeRows(f: Finding): AttributeRow[] {
  const rows: AttributeRow[] = [];
  for (const key of ['attributes', 'replace_attributes']) {
    const v = f.evidence[key];
    if (!Array.isArray(v)) continue;
    for (const r of v) {
      if (typeof r === 'object' && r !== null && typeof (r as { path?: unknown }).path === 'string') rows.push(r as AttributeRow);
    }
  }
  return rows;
}

export function showValue(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 160 ? `${s.slice(0, 157)}...` : s;
}
