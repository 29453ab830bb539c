/**
 * The offline source of what the reference downloads while it synthesizes (the
 * latest release zip of kinesis-to-opensearch-lambda, cognito-pre-signup-trigger,
 * ...): a folder (`--artifacts DIR`, env TFDOCTOR_ARTIFACTS) holding each one as
 * `<repository>.zip`. tfdoctor never downloads at synth time.
 *
 * Paths are absolute: terraform evaluates `filebase64sha256("<path>")` in the
 * working dir, which is not the folder the person typed the path in.
 */
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError } from '../errors.js';

export type ArtifactsMap = ReadonlyMap<string, string>;

/** A repository name as GitHub allows it, which is also safe inside an HCL string literal. */
const REPOSITORY = /^[A-Za-z0-9._-]+$/;

/** Characters that would break (or be evaluated in) the `"<path>"` literal terraform reads. */
const UNSAFE_PATH = /["\\\n\r]|\$\{|%\{/;

/** Reads DIR: repository name -> absolute path of `<repository>.zip`. Other files are ignored. */
export async function loadArtifactsDir(dir: string): Promise<ArtifactsMap> {
  const abs = path.resolve(dir);
  const info = await stat(abs).catch(() => undefined);
  if (!info?.isDirectory()) throw new InputError(`${dir}: the artifacts folder does not exist or is not a folder`, dir);
  if (UNSAFE_PATH.test(abs)) throw new InputError(`${dir}: the artifacts folder's path holds a quote, backslash, newline, \${ or %{ (terraform reads it inside a string)`, dir);
  const out = new Map<string, string>();
  for (const d of await readdir(abs, { withFileTypes: true })) {
    if (!d.name.endsWith('.zip')) continue;
    const repository = d.name.slice(0, -'.zip'.length);
    if (!REPOSITORY.test(repository)) continue;
    const file = path.join(abs, d.name);
    const st = await stat(file).catch(() => undefined);
    if (st?.isFile()) out.set(repository, file);
  }
  return out;
}

/** The artifacts folder the CLI uses: the option, else env TFDOCTOR_ARTIFACTS, else none. */
export async function artifactsFromOption(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ArtifactsMap | undefined> {
  const dir = option ?? env['TFDOCTOR_ARTIFACTS'];
  return dir ? loadArtifactsDir(dir) : undefined;
}

/**
 * The repository a release URL names (the reference's `download_*_zip`:
 * `https://github.com/<owner>/<repo>/releases/<tag>`), and the tag.
 */
export function releaseRepository(releaseUrl: string): { owner: string; repository: string; tag: string } | undefined {
  const parts = releaseUrl.replace(/^https:\/\//, '').split('/');
  const [, owner, repository] = parts;
  const tag = parts[parts.length - 1];
  if (!owner || !repository || !tag || !REPOSITORY.test(repository)) return undefined;
  return { owner, repository, tag };
}
