/**
 * Terraform CLI configuration for machines without registry access: a
 * `provider_installation` with a filesystem mirror (and optionally a shared
 * plugin cache). Terraform reads it from TF_CLI_CONFIG_FILE.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EnvironmentError } from '../errors.js';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { hclString } from '../util/hcl.js';

/** Where provider mirrors usually live (Terraform's implied local mirror dirs on Linux, plus this project's machines). */
export function defaultMirrorCandidates(home = os.homedir()): string[] {
  return [
    '/opt/tf-plugins',
    '/usr/share/terraform/plugins',
    '/usr/local/share/terraform/plugins',
    path.join(home, '.terraform.d', 'plugins'),
    path.join(home, '.local', 'share', 'terraform', 'plugins'),
  ];
}

/** A mirror root holds `<hostname>/<namespace>/<type>/...`, e.g. registry.terraform.io/hashicorp/aws. */
export function looksLikeMirror(dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    return readdirSync(dir).some((host) => host.includes('.') && existsSync(path.join(dir, host)) && statSync(path.join(dir, host)).isDirectory());
  } catch {
    return false;
  }
}

/**
 * The provider mirror to use: TFDOCTOR_PROVIDER_MIRROR if set (an error if it
 * does not look like a mirror), else the first candidate that does, else undefined.
 */
export function findProviderMirror(env: Record<string, string | undefined> = process.env, candidates = defaultMirrorCandidates()): string | undefined {
  const override = env['TFDOCTOR_PROVIDER_MIRROR'];
  if (override) {
    const dir = path.resolve(override);
    if (!looksLikeMirror(dir)) {
      throw new EnvironmentError(
        `TFDOCTOR_PROVIDER_MIRROR=${override} is not a provider mirror`,
        'it must hold <hostname>/<namespace>/<type>/<version>/<platform>/, e.g. registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/',
      );
    }
    return dir;
  }
  return candidates.find(looksLikeMirror);
}

export interface CliConfigOptions {
  /** Filesystem mirror root. */
  mirror: string;
  /** Shared plugin cache (plugin_cache_dir). With an unpacked mirror Terraform 1.11 only links into it. */
  pluginCacheDir?: string;
}


export function renderCliConfig(opts: CliConfigOptions): string {
  const lines = [
    '# Written by tfdoctor: providers from a local filesystem mirror only.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hclString(opts.mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
  ];
  if (opts.pluginCacheDir !== undefined) {
    lines.push(`plugin_cache_dir = ${hclString(opts.pluginCacheDir)}`);
    // Needed when the lock file is created in a dir whose providers came from the cache (1.4+).
    lines.push('plugin_cache_may_break_dependency_lock_file = true');
  }
  return `${lines.join('\n')}\n`;
}

/** Write the CLI config atomically (write + rename); creates the plugin cache dir. */
export async function writeCliConfig(file: string, opts: CliConfigOptions): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  if (opts.pluginCacheDir !== undefined) await mkdir(opts.pluginCacheDir, { recursive: true });
  await writeFileAtomic(file, renderCliConfig(opts));
}

/** A throwaway CLI config: `TF_CLI_CONFIG_FILE` for the one command that installs providers. */
export interface MirrorCliConfig {
  file: string;
  remove(): Promise<void>;
}

/**
 * The one mirror policy. Only `init` installs providers. On a machine without
 * registry access whose TF_CLI_CONFIG_FILE is unset or names a missing file
 * (as on the build machines), and without a ~/.terraformrc, but where a
 * provider mirror can be found, `init` gets a throwaway CLI config pointing at
 * that mirror. A caller's existing CLI config is never replaced.
 *
 * A plugin cache goes with it unless TF_PLUGIN_CACHE_DIR is set: next to an
 * unpacked mirror it makes init link, not copy, the ~700 MB aws provider into
 * every working dir (seen on 1.11.4).
 *
 * `env` is the extra environment terraform gets (over `parent`); the config is
 * written in a fresh temp dir that `remove()` deletes.
 */
export async function mirrorCliConfigIfNeeded(
  env: Record<string, string | undefined> | undefined,
  parent: Record<string, string | undefined> = process.env,
  home: string = os.homedir(),
): Promise<MirrorCliConfig | undefined> {
  const merged = { ...parent, ...env };
  const configured = merged['TF_CLI_CONFIG_FILE'];
  if (configured ? existsSync(configured) : existsSync(path.join(home, '.terraformrc'))) return undefined;
  const mirror = findProviderMirror(merged);
  if (!mirror) return undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tfdoctor-cli-'));
  const file = path.join(dir, 'terraform.tfrc');
  const pluginCacheDir = merged['TF_PLUGIN_CACHE_DIR']
    ? undefined
    : path.join(merged['XDG_CACHE_HOME'] ?? path.join(home, '.cache'), 'tfdoctor', 'plugin-cache');
  await writeCliConfig(file, { mirror, ...(pluginCacheDir ? { pluginCacheDir } : {}) });
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
