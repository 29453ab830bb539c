/**
 * The one owner of which terraform binary runs: the explicit choice
 * (`--terraform-bin`, a library caller's `terraformBin`), else
 * TFDOCTOR_TERRAFORM_BIN, else `terraform` on PATH. `tofu` works the same way
 * (version.ts tells the two apart by the binary's name).
 */
export const TERRAFORM_BIN_ENV = 'TFDOCTOR_TERRAFORM_BIN';

/** The terraform (or tofu) binary to run. An empty string counts as not given. */
export function terraformBin(explicit?: string, env: Record<string, string | undefined> = process.env): string {
  if (explicit) return explicit;
  const fromEnv = env[TERRAFORM_BIN_ENV];
  return fromEnv ? fromEnv : 'terraform';
}
