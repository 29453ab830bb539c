/** `terraform init`: providers from a mirror/cache, backend from `-backend-config` pairs. */
import { EnvironmentError, InputError, TerraformExitError } from '../../errors.js';
import type { TerraformContext } from './context.js';
import { runTerraform, type RunResult } from './exec.js';
import { firstLines } from '../../util/text.js';
// Terraform's text patterns live in one table (src/doctor/patterns.ts, pure); init classifies with it.
import { EXTRACT } from '../../doctor/patterns.js';

export interface InitOptions {
  /** `-backend-config=key=value` pairs, in insertion order (e.g. { use_path_style: 'true' }). */
  backendConfig?: Record<string, string>;
  /** Ignore any existing backend configuration (default false). */
  reconfigure?: boolean;
  /** Pick newer provider versions within constraints (default false). */
  upgrade?: boolean;
  /** `false` skips the backend (`-backend=false`): enough for `validate` (default true). */
  backend?: boolean;
  /** How long to wait for the state lock, e.g. "10s" (unset: terraform's default, 0s). */
  lockTimeout?: string;
  /**
   * A plugin cache dir shared by many working dirs (TF_PLUGIN_CACHE_DIR). With an
   * unpacked filesystem mirror, Terraform 1.11 links the cache entry to the mirror
   * and the working dir to the cache: no 700 MB copy per dir (seen).
   */
  pluginCacheDir?: string;
}

const BACKEND_KEY = /^[a-z_][a-z0-9_]*$/;

export function initArgs(opts: InitOptions = {}): string[] {
  const args = ['init', '-no-color', '-input=false'];
  for (const [key, value] of Object.entries(opts.backendConfig ?? {})) {
    // A key is an attribute name of the backend block; refuse anything else so
    // a hostile key cannot become a file path (`-backend-config=<file>`).
    if (!BACKEND_KEY.test(key)) throw new InputError(`not a backend attribute name: ${JSON.stringify(key)}`);
    args.push(`-backend-config=${key}=${value}`);
  }
  if (opts.lockTimeout !== undefined) args.push(`-lock-timeout=${opts.lockTimeout}`);
  args.push(`-backend=${opts.backend ?? true}`, `-reconfigure=${opts.reconfigure ?? false}`, `-upgrade=${opts.upgrade ?? false}`);
  return args;
}

export async function init(tf: TerraformContext, opts: InitOptions = {}): Promise<RunResult> {
  const args = initArgs(opts);
  try {
    return await runTerraform(tf, args, opts.pluginCacheDir ? { env: { TF_PLUGIN_CACHE_DIR: opts.pluginCacheDir } } : {});
  } catch (err) {
    if (err instanceof TerraformExitError) throw classifyInitFailure(err);
    throw err;
  }
}

/** Turn the two environment problems a person can fix into EnvironmentErrors; keep the rest as they are. */
export function classifyInitFailure(err: TerraformExitError): Error {
  const text = `${err.stderr}\n${err.stdout}`;
  // Seen on 1.11.4 with no network and no mirror: "Failed to query available provider packages"
  // / "could not connect to registry.terraform.io".
  if (EXTRACT.initProviderInstall.re.test(text)) {
    return new EnvironmentError(
      `terraform init could not install the providers:\n${firstLines(text, 12, { skipBlank: true })}`,
      'configure a filesystem mirror: set TFDOCTOR_PROVIDER_MIRROR to a folder holding registry.terraform.io/hashicorp/aws/<version>/<platform>/ (tfdoctor writes the CLI config), or point TF_CLI_CONFIG_FILE at a config with provider_installation { filesystem_mirror { ... } }',
    );
  }
  if (EXTRACT.initBackend.re.test(text) || EXTRACT.initNetwork.re.test(text)) {
    return new EnvironmentError(
      `terraform init could not reach the state backend:\n${firstLines(text, 12, { skipBlank: true })}`,
      'check the backend bucket/region/credentials (AWS_PROFILE, AWS_ENDPOINT_URL) and that the bucket exists',
    );
  }
  return err;
}

