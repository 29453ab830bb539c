/**
 * How to run terraform for one working dir. Every wrapper in this folder takes
 * one of these; `childEnv` (env.ts) is the one function that builds the child
 * process environment from it.
 */
export interface TerraformContext {
  /** terraform or tofu binary: `--terraform-bin`, `TFDOCTOR_TERRAFORM_BIN`, else `terraform` on PATH. */
  bin: string;
  /** The working dir (`-chdir` is not used: cwd is set on the child). */
  cwd: string;
  /** Extra environment for the child (e.g. AWS_ENDPOINT_URL, TF_CLI_CONFIG_FILE, TF_PLUGIN_CACHE_DIR). */
  env?: Record<string, string | undefined>;
  /** Ends terraform and its provider processes when aborted. */
  signal?: AbortSignal;
  /** Time limit per call, ms. */
  timeoutMs?: number;
  /** Progress: each line terraform prints, as it arrives. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Called with terraform's pid once it runs; it also leads the process group holding its provider plugins. */
  onSpawn?: (pid: number) => void;
}
