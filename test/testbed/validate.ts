/**
 * `terraform init -backend=false` + `terraform validate` of a written working dir
 * with the real AWS provider from the filesystem mirror: the check every kind's
 * fixture account gets (test/acceptance/kinds-*.test.ts).
 */
import * as path from 'node:path';
import { findProviderMirror, init, validate, writeCliConfig, type ValidateResult } from '../../src/state/index.js';

export interface MirrorValidation {
  result: ValidateResult;
  /** Each error diagnostic as `summary: detail`, for an assertion that shows them. */
  errors: string[];
}

/** Validates `dir` (already written); the CLI config goes to `<scratch>/validate.rc`. */
export async function validateWithMirror(dir: string, scratch: string): Promise<MirrorValidation> {
  const mirror = findProviderMirror();
  if (!mirror) throw new Error('no provider mirror found (set TFDOCTOR_PROVIDER_MIRROR)');
  const cliConfig = path.join(scratch, 'validate.rc');
  await writeCliConfig(cliConfig, { mirror });
  const tf = { bin: process.env['TFDOCTOR_TERRAFORM_BIN'] ?? 'terraform', cwd: dir, env: { TF_CLI_CONFIG_FILE: cliConfig }, timeoutMs: 120_000 };
  await init(tf, { backend: false });
  const result = await validate(tf);
  return { result, errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.summary}: ${d.detail ?? ''}`) };
}
