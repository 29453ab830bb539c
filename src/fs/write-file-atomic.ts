/**
 * The one way tfdoctor writes a file a person or a program reads (reports, repair
 * files, working-dir configs, CLI configs): a temp file in the same folder, then
 * rename. Readers, and a rerun after a crash, never see half a file; on failure
 * the temp file is removed and the old file is left as it was.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeFileAtomic(file: string, data: string, mode = 0o644): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // 'wx': never write through a file (or symlink) someone put at the temp name.
    await writeFile(tmp, data, { mode, flag: 'wx' });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
