/**
 * The audit trail: one JSON object per line, appended (O_APPEND) so records from
 * concurrent applies never interleave within a line. Holds who proposed,
 * approved and applied, the commands, serial before/after, the backup and the
 * outcome. Never state contents.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readFileIfExists } from '../fs/read-file-if-exists.js';

/** One line of the audit log: who proposed, approved and applied, serial before and after, the backup. */
export interface AuditRecord {
  at: string;
  repairHash: string;
  target: { account?: string; dir: string; lockId?: string };
  proposer: string;
  approvers: string[];
  applier: string;
  proposals: { id: string; kind: string; argv: string[] }[];
  /** The argv tfdoctor ran against the backend, in order, each recorded before it ran: after a failure the last one is the one that failed. */
  commands: string[][];
  serialBefore?: number;
  serialAfter?: number;
  lineage?: string;
  /** The state lock terraform took for the repair (its record: ID, who, when). */
  lockInfo?: { id: string; who: string; created: string };
  backup?: string;
  /** A push: where the pushed errored.tfstate was moved once the push was verified. */
  pushedFile?: string;
  outcome: 'applied' | 'refused' | 'failed-restored' | 'failed-restore-failed' | 'failed-nothing-written';
  /** The guard check that refused, or the failing step. */
  check?: string;
  error?: string;
  durationMs?: number;
}

export async function appendAudit(file: string, record: AuditRecord): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/** Where `apply` appends by default: `<dir>/.tfdoctor/audit.jsonl`. */
export function defaultAuditLog(dir: string): string {
  return join(dir, '.tfdoctor', 'audit.jsonl');
}

/**
 * The records of one repair (by hash) in an audit log, oldest first; `undefined`
 * when there is no log. Lines that are not JSON objects are skipped: the log is
 * read to show a repair's history, never to decide whether it may run.
 */
export async function readAuditRecords(file: string, repairHash: string): Promise<AuditRecord[] | undefined> {
  const text = await readFileIfExists(file);
  if (text === undefined) return undefined;
  const out: AuditRecord[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      continue;
    }
    if (typeof rec === 'object' && rec !== null && (rec as { repairHash?: unknown }).repairHash === repairHash) out.push(rec as AuditRecord);
  }
  return out;
}
