/** `terraform version -json`: which Terraform (or OpenTofu) runs, and the minimum tfdoctor needs. */
import * as path from 'node:path';
import { z } from 'zod';
import { EnvironmentError } from '../../errors.js';
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';

/** Import blocks (used by the exists-probe and repairs) arrived in 1.5. */
export const MIN_TERRAFORM_VERSION = '1.5.0';

export interface TerraformVersion {
  /** e.g. "1.11.4" */
  version: string;
  /** e.g. "linux_amd64" */
  platform?: string;
  /** Providers locked in the working dir: source address -> version (empty outside an initialised dir). */
  providerSelections: Record<string, string>;
  isOpenTofu: boolean;
}

const VersionJson = z.looseObject({
  // OpenTofu keeps the key name "terraform_version" for compatibility (seen in 1.6+).
  terraform_version: z.string(),
  platform: z.string().optional(),
  provider_selections: z.record(z.string(), z.string()).optional(),
});

export function versionArgs(): string[] {
  return ['version', '-json'];
}

export interface VersionOptions {
  /** Throw EnvironmentError when older than MIN_TERRAFORM_VERSION. Default true. */
  gate?: boolean;
}

export async function version(tf: TerraformContext, opts: VersionOptions = {}): Promise<TerraformVersion> {
  const { stdout } = await runTerraform(tf, versionArgs());
  let parsed;
  try {
    parsed = VersionJson.parse(JSON.parse(stdout));
  } catch {
    // `version -json` exists since 0.13: anything else is too old or not terraform.
    throw new EnvironmentError(
      `"${tf.bin} version -json" did not print a version document: ${stdout.slice(0, 200)}`,
      `tfdoctor needs Terraform >= ${MIN_TERRAFORM_VERSION} or OpenTofu`,
    );
  }
  const out: TerraformVersion = {
    version: parsed.terraform_version,
    providerSelections: parsed.provider_selections ?? {},
    isOpenTofu: isOpenTofuBin(tf.bin),
    ...(parsed.platform !== undefined ? { platform: parsed.platform } : {}),
  };
  if (opts.gate ?? true) assertSupportedVersion(out);
  return out;
}

/** The minimum-version gate: EnvironmentError when older than MIN_TERRAFORM_VERSION. */
export function assertSupportedVersion(v: Pick<TerraformVersion, 'version' | 'isOpenTofu'>): void {
  if (compareVersions(v.version, MIN_TERRAFORM_VERSION) < 0) {
    throw new EnvironmentError(
      `${v.isOpenTofu ? 'OpenTofu' : 'terraform'} ${v.version} is too old: tfdoctor needs ${MIN_TERRAFORM_VERSION} or newer (import blocks)`,
      'install a newer Terraform, or pass --terraform-bin / set TFDOCTOR_TERRAFORM_BIN',
    );
  }
}

/** OpenTofu prints the same JSON; its binary name is the reliable tell. */
export function isOpenTofuBin(bin: string): boolean {
  return /^tofu(\.exe)?$/i.test(path.basename(bin));
}

/** Compare dotted versions numerically ("1.10.0" > "1.9.8"); pre-release suffixes are ignored. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => v.replace(/^v/, '').split(/[-+]/)[0]!.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
