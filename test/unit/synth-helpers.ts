/** Builds small inventories in a temp folder for the synth unit tests. */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { loadInventory, synthAccount } from '../../src/synth/index.js';
import type { SynthOptions } from '../../src/synth/synth-options.js';

export type Doc = Record<string, unknown>;

export function account(name = 'acct-a', extra: Doc = {}): Doc {
  return {
    name,
    uid: '123456789012',
    resourcesDefaultRegion: 'us-east-1',
    providerVersion: '5.100.0',
    terraformState: {
      provider: 's3',
      bucket: `${name}-tfstate`,
      region: 'us-east-1',
      integrations: [{ integration: 'terraform-resources', key: 'qontract-reconcile.tfstate' }],
    },
    ...extra,
  };
}

export function namespace(resources: Doc[], extra: Doc = {}, provisioner = 'acct-a'): Doc {
  return {
    name: 'ns-a',
    cluster: { name: 'cluster-a' },
    environment: { name: 'stage' },
    app: { name: 'app-a' },
    managedExternalResources: true,
    externalResources: [{ provider: 'aws', provisioner: { name: provisioner }, resources }],
    ...extra,
  };
}

/** Writes `inventory.yml` (a document or raw text) and extra files; returns the folder and the inventory path. */
export async function writeInventory(doc: Doc | string, files: Record<string, string> = {}): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'tfdoctor-synth-unit-'));
  const file = path.join(dir, 'inventory.yml');
  await writeFile(file, typeof doc === 'string' ? doc : stringify(doc));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  return { dir, file };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** Synthesizes account `acct-a` of a one-namespace inventory holding `resources` (plus extra files) and returns its Terraform JSON. */
export async function synth(resources: Doc[], files: Record<string, string> = {}, options: SynthOptions = {}, acct: Doc = account()): Promise<Json> {
  const { file } = await writeInventory({ accounts: [acct], namespaces: [namespace(resources)] }, files);
  return synthAccount(await loadInventory(file), 'acct-a', options).json as Json;
}

/** The message `synth` fails with, or 'no error'. */
export async function synthError(resources: Doc[], files: Record<string, string> = {}, options: SynthOptions = {}): Promise<string> {
  try {
    await synth(resources, files, options);
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
}
