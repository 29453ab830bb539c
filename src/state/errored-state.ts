/**
 * The `errored.tfstate` Terraform writes into the working dir when it cannot
 * persist the state after an apply (1.11.4: "To allow for recovery, the state
 * has been written to the file "errored.tfstate" in the current working
 * directory"). Read as a StateSnapshot: its bytes are what a push would send.
 */
import { join } from 'node:path';
import { snapshotOf, type StateSnapshot } from './state-snapshot.js';
import { readFileIfExists } from '../fs/read-file-if-exists.js';

export const ERRORED_STATE_FILE = 'errored.tfstate';

/** The working dir's errored.tfstate, or undefined when there is none. */
export async function readErroredState(dir: string): Promise<(StateSnapshot & { file: string }) | undefined> {
  const file = join(dir, ERRORED_STATE_FILE);
  const raw = await readFileIfExists(file);
  if (raw === undefined) return undefined;
  return { ...snapshotOf(raw, file), file };
}
