/**
 * The few error types tfdoctor throws. Diagnoses are values, not exceptions:
 * these are for when tfdoctor cannot do its job. The CLI maps them to exit
 * codes in one place (cli/exit.ts).
 */
import { firstLines } from './util/text.js';

/** Terraform ran and exited in a way the caller did not expect. */
export class TerraformExitError extends Error {
  override readonly name = 'TerraformExitError';
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | undefined,
    readonly stdout: string,
    readonly stderr: string,
    message?: string,
  ) {
    super(message ?? `${argv.join(' ')} exited with ${exitCode ?? 'a signal'}${stderr ? `: ${firstLines(stderr, 8)}` : ''}`);
  }
}

/** Bad input: inventory, arguments, files. Names the file and the path inside it. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly file?: string,
    readonly path?: readonly (string | number)[],
  ) {
    super(message);
  }
}

/** A guarded repair was refused. `check` names the check that failed. */
export class GuardError extends Error {
  override readonly name = 'GuardError';
  constructor(
    readonly check: string,
    message: string,
  ) {
    super(`${check}: ${message}`);
  }
}

/** The environment is missing something tfdoctor needs (terraform, provider mirror, backend). */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(message: string, readonly hint?: string) {
    super(hint ? `${message}\n${hint}` : message);
  }
}

