/**
 * A file's text, or undefined when it does not exist: for the files whose absence
 * is a normal answer (no audit log yet, no backend state, no errored.tfstate, no
 * local lock). Any other error (a permission, a folder in its place) is thrown.
 */
import { readFile } from 'node:fs/promises';

export async function readFileIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
