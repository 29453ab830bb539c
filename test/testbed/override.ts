/**
 * The emulator-only provider settings, as a Terraform override file beside the
 * config: the synthesized config stays what production would run.
 */
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export const EMULATOR_OVERRIDE_FILE = 'tfdoctor_emulator_override.tf.json';

/** Settings for every aws provider block against the emulator. */
export const EMULATOR_PROVIDER_SETTINGS: Readonly<Record<string, unknown>> = Object.freeze({
  // No STS/IMDS round trips the emulator does not need.
  skip_credentials_validation: true,
  skip_metadata_api_check: true,
  skip_requesting_account_id: true,
  // Buckets as http://127.0.0.1:port/<bucket>: virtual hosts do not resolve on loopback.
  s3_use_path_style: true,
  // Five attempts: the emulator now and then drops a keep-alive connection under
  // parallel plans ("use of closed network connection", seen on KMS ListResourceTags
  // with 1 and again with 3 attempts under load); an API it lacks (500) still fails in seconds.
  max_retries: 5,
});

/**
 * The aliases of the `provider "aws"` blocks in the dir's *.tf.json and *.tf
 * files (undefined = the default block). An override of a provider block that
 * the config does not declare is an error in Terraform, so only these get one.
 */
export async function awsProviderBlocks(dir: string): Promise<(string | undefined)[]> {
  const found = new Set<string | undefined>();
  for (const f of await readdir(dir)) {
    if (f === EMULATOR_OVERRIDE_FILE || /_override\.tf(\.json)?$|^override\.tf(\.json)?$/.test(f)) continue;
    const text = await readFile(path.join(dir, f), 'utf8').catch(() => '');
    if (f.endsWith('.tf.json')) {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch {
        continue;
      }
      const aws = (doc as { provider?: { aws?: unknown } }).provider?.aws;
      for (const block of Array.isArray(aws) ? aws : aws ? [aws] : []) {
        const alias = (block as { alias?: unknown }).alias;
        found.add(typeof alias === 'string' ? alias : undefined);
      }
    } else if (f.endsWith('.tf')) {
      // Good enough for hand-written test configs: provider "aws" { ... alias = "x" ... } without nested braces before alias.
      for (const m of text.matchAll(/provider\s+"aws"\s*\{([^}]*)\}/g)) {
        const alias = /\balias\s*=\s*"([^"]+)"/.exec(m[1] ?? '')?.[1];
        found.add(alias);
      }
    }
  }
  return [...found];
}

/** Writes <dir>/tfdoctor_emulator_override.tf.json; returns its path. */
export async function writeEmulatorOverride(dir: string, opts: { aliases?: (string | undefined)[] } = {}): Promise<string> {
  const blocks = opts.aliases ?? (await awsProviderBlocks(dir));
  const file = path.join(dir, EMULATOR_OVERRIDE_FILE);
  const doc = blocks.length
    ? { provider: { aws: blocks.map((alias) => (alias === undefined ? { ...EMULATOR_PROVIDER_SETTINGS } : { alias, ...EMULATOR_PROVIDER_SETTINGS })) } }
    : {};
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  await rename(tmp, file);
  return file;
}
