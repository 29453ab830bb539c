/**
 * The Lock Info block Terraform prints with `Error acquiring the state lock`
 * (seen on 1.11.4, S3 backend with a DynamoDB lock table):
 *
 *   Lock Info:
 *     ID:        6f0e...
 *     Path:      bucket/key
 *     Operation: OperationTypeApply
 *     Who:       user@host
 *     Version:   1.11.4
 *     Created:   2026-11-21 10:00:00.123456789 +0000 UTC
 *     Info:
 *
 * `Created` is Go's time.Time String() form.
 */
import type { Diagnostic } from '../tfjson/ui-stream.js';
import { EXTRACT, matchDiagnosticPattern } from './patterns.js';

/** The parsed Lock Info (a type alias, not an interface, so it is assignable to the open evidence object). */
export type LockInfo = {
  id?: string;
  path?: string;
  operation?: string;
  who?: string;
  version?: string;
  /** As printed. */
  created?: string;
  /** `created` as ISO 8601, when it parsed. */
  createdIso?: string;
  info?: string;
};

const FIELDS: Record<string, keyof LockInfo> = {
  ID: 'id',
  Path: 'path',
  Operation: 'operation',
  Who: 'who',
  Version: 'version',
  Created: 'created',
  Info: 'info',
};

export function parseLockInfo(text: string): LockInfo | undefined {
  const start = text.search(EXTRACT.lockInfoStart.re);
  if (start < 0) return undefined;
  const out: LockInfo = {};
  for (const line of text.slice(start).split('\n').slice(1)) {
    const m = EXTRACT.lockInfoField.re.exec(line);
    if (!m) {
      if (line.trim() === '' || /^[\s│]*$/.test(line)) continue;
      break;
    }
    const key = FIELDS[m[1] ?? ''];
    if (key && m[2] !== undefined && m[2] !== '') out[key] = m[2];
  }
  if (out.created) {
    const iso = parseGoTime(out.created);
    if (iso) out.createdIso = iso;
  }
  return Object.keys(out).length ? out : undefined;
}

/** `2026-11-21 10:00:00.123456789 +0000 UTC` -> `2026-11-21T10:00:00.123Z`. Also accepts ISO/RFC 3339. */
export function parseGoTime(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?/.exec(text.trim());
  if (!m) return undefined;
  const frac = m[3] ? m[3].slice(0, 4) : '';
  let zone = m[4] ?? 'Z';
  if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const d = new Date(`${m[1]}T${m[2]}${frac}${zone}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The ID of a lock that is a terraform run's own lost write, else undefined: `text` is
 * its "Error acquiring the state lock" error, and the Lock Info names an ID the same
 * terraform process logged it was about to write (`attemptedLockIds`, from its core
 * log: EXTRACT.backendLockAttempt). That happens when the answer to the conditional
 * write (DynamoDB PutItem, S3 PutObject If-None-Match) is lost and the SDK retries: the
 * retry fails on the first attempt's record, and terraform leaves that record behind
 * (seen under load on the emulator). Lock IDs are random per run, so no other run's
 * lock can match.
 */
export function ownLostLockId(text: string, attemptedLockIds: readonly string[]): string | undefined {
  if (matchDiagnosticPattern(text)?.kind !== 'state-lock-held') return undefined;
  const id = parseLockInfo(text)?.id;
  return id && attemptedLockIds.includes(id) ? id : undefined;
}

/** ownLostLockId over a run's `-json` diagnostics: the first error that is its own lost lock write. */
export function ownLostLockInDiagnostics(diagnostics: readonly Pick<Diagnostic, 'severity' | 'summary' | 'detail'>[], attemptedLockIds: readonly string[]): string | undefined {
  if (!attemptedLockIds.length) return undefined;
  for (const d of diagnostics) {
    const id = d.severity === 'error' ? ownLostLockId(`${d.summary}\n${d.detail ?? ''}`, attemptedLockIds) : undefined;
    if (id) return id;
  }
  return undefined;
}
