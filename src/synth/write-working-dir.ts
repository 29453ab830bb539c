/**
 * writeWorkingDir: `<dir>/main.tf.json` and nothing else. Written to a temp file
 * in the same folder then renamed, so a reader (or a crash) never sees half a file.
 * The config can hold a secret (an RDS password): a dir made here is 0700 and the
 * file is 0600, readable by its user only.
 */
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import type { AccountConfig } from './synth-account.js';

export const CONFIG_FILE = 'main.tf.json';

/** Writes the account's Terraform JSON into `dir` (as `main.tf.json`, atomically), making it a Terraform working dir. */
export async function writeWorkingDir(cfg: AccountConfig, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(dir, CONFIG_FILE), `${JSON.stringify(cfg.json, null, 2)}\n`, 0o600);
}
