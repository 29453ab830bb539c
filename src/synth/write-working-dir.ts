/**
 * writeWorkingDir: `<dir>/main.tf.json` and nothing else. Written to a temp file
 * in the same folder then renamed, so a reader (or a crash) never sees half a file.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AccountConfig } from './synth-account.js';

export const CONFIG_FILE = 'main.tf.json';

export async function writeWorkingDir(cfg: AccountConfig, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, CONFIG_FILE);
  const temp = path.join(dir, `.${CONFIG_FILE}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(cfg.json, null, 2)}\n`, { encoding: 'utf8', mode: 0o644, flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
