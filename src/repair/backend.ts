/**
 * The backend a working dir is initialised with, read from
 * `.terraform/terraform.tfstate` (what `terraform init` wrote: the backend type
 * and its merged config, including `-backend-config` values). tfdoctor takes the
 * state lock itself, so it needs the bucket, key, region and lock table.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { EnvironmentError } from '../errors.js';
import type { RepairBackend } from './repair-file.js';

const BackendStateFile = z.looseObject({
  backend: z.looseObject({
    type: z.string(),
    config: z.record(z.string(), z.unknown()).nullable().optional(),
  }).optional(),
});

export interface BackendDetails extends RepairBackend {
  /** DynamoDB endpoint set in the backend config (`endpoints.dynamodb` or the deprecated `dynamodb_endpoint`). */
  dynamodbEndpoint?: string;
  /** `workspace_key_prefix`, default "env:". */
  workspaceKeyPrefix?: string;
}

export async function readBackend(dir: string): Promise<BackendDetails | undefined> {
  const file = join(dir, '.terraform', 'terraform.tfstate');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = BackendStateFile.safeParse(JSON.parse(text));
  if (!parsed.success || !parsed.data.backend) return undefined;
  const { type, config } = parsed.data.backend;
  const c = config ?? {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const endpoints = (c['endpoints'] && typeof c['endpoints'] === 'object' ? c['endpoints'] : {}) as Record<string, unknown>;
  const out: BackendDetails = { type };
  const set = <K extends keyof BackendDetails>(k: K, v: BackendDetails[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('bucket', str(c['bucket']));
  set('key', str(c['key']));
  set('region', str(c['region']));
  set('dynamodb_table', str(c['dynamodb_table']));
  set('dynamodbEndpoint', str(endpoints['dynamodb']) ?? str(c['dynamodb_endpoint']));
  set('workspaceKeyPrefix', str(c['workspace_key_prefix']));
  return out;
}

/** The part of the backend that goes into the repair file (and must still match at apply time). */
export function repairBackendOf(b: BackendDetails): RepairBackend {
  const out: RepairBackend = { type: b.type };
  if (b.bucket !== undefined) out.bucket = b.bucket;
  if (b.key !== undefined) out.key = b.key;
  if (b.region !== undefined) out.region = b.region;
  if (b.dynamodb_table !== undefined) out.dynamodb_table = b.dynamodb_table;
  return out;
}

/** The workspace the dir has selected (`.terraform/environment`), default "default". */
export async function selectedWorkspace(dir: string): Promise<string> {
  try {
    return (await readFile(join(dir, '.terraform', 'environment'), 'utf8')).trim() || 'default';
  } catch {
    return 'default';
  }
}

/**
 * The S3 backend's DynamoDB LockID: `<bucket>/<key>` for the default workspace,
 * `<bucket>/<prefix>/<workspace>/<key>` otherwise (Terraform 1.11 s3 backend).
 */
export function lockIdOf(b: BackendDetails, workspace: string): string {
  if (!b.bucket || !b.key) throw new EnvironmentError('the s3 backend config has no bucket/key');
  if (workspace === 'default') return `${b.bucket}/${b.key}`;
  return `${b.bucket}/${b.workspaceKeyPrefix ?? 'env:'}/${workspace}/${b.key}`;
}
