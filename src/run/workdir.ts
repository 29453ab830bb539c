/**
 * The working dir a plan runs in, and what tfdoctor knows about it without
 * running terraform: where it lives, whether `init` has run, which diagnostics
 * mean "run init first", and how to make a throwaway copy for probe plans.
 */
import { mkdir, mkdtemp, readdir, rm, stat, symlink, copyFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../tfjson/index.js';
import { InputError } from '../errors.js';
import { EXTRACT, INIT_REQUIRED_SUMMARIES } from '../doctor/patterns.js';

/** Default home of synthesized working dirs: `.tfdoctor/work/<account>/` under the cwd. */
export function defaultWorkDir(account: string, cwd: string = process.cwd()): string {
  return join(cwd, '.tfdoctor', 'work', safeSegment(account));
}

/**
 * An account name becomes a folder name: refuse anything that could walk out of
 * the work root (`..`, slashes, NUL) instead of "cleaning" it into a collision.
 */
export function safeSegment(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(name) || name.includes('..')) {
    throw new InputError(`account name ${JSON.stringify(name)} cannot be used as a folder name (letters, digits, . _ - only)`);
  }
  return name;
}

/** Where the saved plan goes: inside `.terraform/` so a user's `--dir` project gets no new top-level file. */
export function planFilePath(dir: string): string {
  return join(dir, '.terraform', 'tfdoctor.tfplan');
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `init` has never run here: no `.terraform/` folder. Everything else is learnt from plan's diagnostics. */
export async function needsInit(dir: string): Promise<boolean> {
  return !(await exists(join(dir, '.terraform')));
}

// The summaries that mean init is needed live in the one pattern table (src/doctor/patterns.ts).
export { INIT_REQUIRED_SUMMARIES };

export function initRequired(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' && INIT_REQUIRED_SUMMARIES.some((re) => re.test(d.summary)));
}

/** A backend whose configuration changed needs `-reconfigure` (only the local pointer changes; no state is migrated). */
export function reconfigureRequired(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error' && EXTRACT.backendChanged.re.test(d.summary));
}

export { writeFileAtomic } from '../fs/write-file-atomic.js';

/**
 * What a probe copy needs of a root module: config files, the lock file, and a
 * local backend's `terraform.tfstate` (a copy: the probe never writes state).
 */
function isConfigFile(name: string): boolean {
  return /\.(tf|tf\.json|tfvars|tfvars\.json)$/.test(name) || name === '.terraform.lock.hcl' || name === 'terraform.tfstate';
}

/**
 * A throwaway copy of a working dir for a probe plan: the root module's config
 * files are copied, `.terraform/` (providers, modules, backend pointer) is
 * symlinked so no init is needed, and sub-folders (local modules) are symlinked.
 * The caller adds its own file and removes the copy when done.
 */
export async function makeProbeCopy(dir: string): Promise<string> {
  const copy = await mkdtemp(join(tmpdir(), 'tfdoctor-probe-'));
  try {
    for (const ent of await readdir(dir, { withFileTypes: true })) {
      const from = join(dir, ent.name);
      const to = join(copy, ent.name);
      if (ent.isDirectory()) {
        await symlink(from, to, 'dir');
      } else if (ent.isFile() && isConfigFile(ent.name)) {
        await copyFile(from, to);
      }
    }
    return copy;
  } catch (err) {
    await rm(copy, { recursive: true, force: true });
    throw err;
  }
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
}

/**
 * A fresh working dir only its user can enter (mkdtemp makes it 0700): where a
 * synthesized config that may hold a password is planned when no `--work-dir`
 * is given. The caller removes it.
 */
export async function makePrivateWorkDir(account: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `tfdoctor-${safeSegment(account)}-`));
}

/**
 * A given `--work-dir`: created 0700 when missing (it is about to hold the
 * synthesized config, which can hold a password). An existing dir is the
 * user's and keeps its mode; the config file in it is 0600 (writeWorkingDir).
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/**
 * The root module's JSON config files, parsed (`*.tf.json`). HCL files are
 * returned as text for the few lenient scans tfdoctor does (AMI filters).
 */
export async function readRootConfig(dir: string): Promise<{ json: { file: string; doc: Record<string, unknown> }[]; hcl: { file: string; text: string }[] }> {
  const json: { file: string; doc: Record<string, unknown> }[] = [];
  const hcl: { file: string; text: string }[] = [];
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    if (!ent.isFile()) continue;
    const file = join(dir, ent.name);
    if (ent.name.endsWith('.tf.json')) {
      try {
        const doc: unknown = JSON.parse(await readFile(file, 'utf8'));
        if (doc && typeof doc === 'object' && !Array.isArray(doc)) json.push({ file, doc: doc as Record<string, unknown> });
      } catch {
        // terraform itself reports a broken config file; nothing to add here.
      }
    } else if (ent.name.endsWith('.tf')) {
      hcl.push({ file, text: await readFile(file, 'utf8') });
    }
  }
  return { json, hcl };
}
