/**
 * The one place that maps outcomes to exit codes (contracts §2):
 *   0 nothing found, 2 findings, 1 tfdoctor could not do its job.
 * Commands set `process.exitCode` to 0 or 2 themselves; thrown errors land here.
 * Interactive commands (`review`, `repair approve` on a terminal, docs/review.md):
 * no terminal, a "no" or a quit is 1 (nothing written); Ctrl-C in a question is
 * 130, as an interrupt is everywhere (cli/signals.ts).
 */
import { EnvironmentError, GuardError, InputError, TerraformExitError } from '../src/errors.js';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_FINDINGS = 2;
/** Ctrl-C: 128 + SIGINT, what a shell reports. */
export const EXIT_INTERRUPTED = 130;

export function describeError(err: unknown): string {
  if (err instanceof InputError) {
    const where = [err.file, err.path?.length ? err.path.join('.') : undefined].filter(Boolean).join(': ');
    // Messages that already start with their file (src/synth's do) are printed as they are.
    if (err.file && err.message.startsWith(`${err.file}:`)) return err.message;
    return where ? `${where}: ${err.message}` : err.message;
  }
  if (err instanceof GuardError) return `refused: ${err.message}`;
  if (err instanceof TerraformExitError || err instanceof EnvironmentError) return err.message;
  if (err instanceof Error) return err.stack ?? err.message;
  return String(err);
}

export async function runAndExit(main: () => Promise<unknown>): Promise<void> {
  try {
    await main();
  } catch (err) {
    process.stderr.write(`tfdoctor: ${describeError(err)}\n`);
    process.exitCode = EXIT_FAILED;
  }
}
