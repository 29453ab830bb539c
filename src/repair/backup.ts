/**
 * Backups of the state tfdoctor is about to change: the exact pulled bytes,
 * named with lineage, serial and time so a person finds the right one, mode
 * 0600 (state holds secrets), never overwritten.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StateSnapshot } from '../state/state-snapshot.js';

export async function writeBackup(dir: string, snap: StateSnapshot, now: Date): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  // lineage is a UUID Terraform wrote; still keep only safe characters in a file name.
  const lineage = snap.state.lineage.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 64);
  const file = join(dir, `${lineage}-serial${snap.state.serial}-${stamp}.tfstate`);
  await writeFile(file, snap.raw, { mode: 0o600, flag: 'wx' });
  return file;
}

/** The bytes to push when restoring: the backup's content with a serial above anything the backend has seen. */
export function restoreBytes(backup: StateSnapshot, currentSerial: number | undefined): { raw: string; serial: number } {
  // `state push` keeps what it is given; a serial above the failed run's writes
  // makes every cached copy of those writes older than the restored state.
  const serial = Math.max(backup.state.serial, currentSerial ?? 0) + 1;
  const obj = JSON.parse(backup.raw) as Record<string, unknown>;
  obj['serial'] = serial;
  return { raw: `${JSON.stringify(obj, null, 2)}\n`, serial };
}
