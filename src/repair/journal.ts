/**
 * The in-progress journal of a repair: written into the working dir
 * (`.tfdoctor/in-progress/<lock ID>.json`, mode 0600) just before the lock is
 * pinned and the first write runs, removed once the lock is released. If
 * tfdoctor dies in between, the lock stays (lock.ts, pinLock) and this file
 * says whose it is: the next `tfdoctor plan` reports the `state-lock-held`
 * finding with the repair's hash, applier and backup (terraform's own lock
 * record names only the OS user and host). No state content.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepairInProgress } from '../doctor/types.js';

export function journalDir(dir: string): string {
  return join(dir, '.tfdoctor', 'in-progress');
}

function safeName(lockId: string): string {
  return lockId.replace(/[^A-Za-z0-9-]/g, '_').slice(0, 80);
}

export async function writeJournal(dir: string, entry: RepairInProgress): Promise<string> {
  await mkdir(journalDir(dir), { recursive: true, mode: 0o700 });
  const file = join(journalDir(dir), `${safeName(entry.lockId)}.json`);
  await writeFile(file, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
  return file;
}

export async function removeJournal(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Every journal left in the working dir (a repair that did not finish), unreadable ones skipped. */
export async function readJournals(dir: string): Promise<RepairInProgress[]> {
  let names: string[];
  try {
    names = await readdir(journalDir(dir));
  } catch {
    return [];
  }
  const out: RepairInProgress[] = [];
  for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
    try {
      const j = JSON.parse(await readFile(join(journalDir(dir), n), 'utf8')) as Partial<RepairInProgress>;
      if (typeof j.lockId === 'string' && typeof j.repairHash === 'string') out.push(j as RepairInProgress);
    } catch {
      // A torn write of a journal: nothing to say about it.
    }
  }
  return out;
}
