/**
 * The backend a working dir is initialised with, read from
 * `.terraform/terraform.tfstate` (what `terraform init` wrote: the backend type
 * and its merged config, including `-backend-config` values). tfdoctor takes the
 * state lock itself, so it needs the bucket, key, region and lock table.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { EnvironmentError } from '../errors.js';
import type { RepairBackend } from './repair-file.js';
import { readFileIfExists } from '../fs/read-file-if-exists.js';

const BackendStateFile = z.looseObject({
  backend: z.looseObject({
    type: z.string(),
    config: z.record(z.string(), z.unknown()).nullable().optional(),
  }).optional(),
});

export interface BackendDetails extends RepairBackend {
  /** DynamoDB endpoint set in the backend config (`endpoints.dynamodb` or the deprecated `dynamodb_endpoint`). */
  dynamodbEndpoint?: string;
  /** S3 endpoint set in the backend config (`endpoints.s3` or the deprecated `endpoint`). */
  s3Endpoint?: string;
  /** `use_path_style` (or the deprecated `force_path_style`). */
  usePathStyle?: boolean;
  /** `workspace_key_prefix`, default "env:". */
  workspaceKeyPrefix?: string;
  /** local backend `workspace_dir`, default "terraform.tfstate.d". */
  workspaceDir?: string;
}

export async function readBackend(dir: string): Promise<BackendDetails | undefined> {
  const file = join(dir, '.terraform', 'terraform.tfstate');
  const text = await readFileIfExists(file);
  if (text === undefined) return undefined;
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
  if (c['use_lockfile'] === true) out.use_lockfile = true;
  set('path', str(c['path']));
  set('dynamodbEndpoint', str(endpoints['dynamodb']) ?? str(c['dynamodb_endpoint']));
  set('s3Endpoint', str(endpoints['s3']) ?? str(c['endpoint']));
  if (c['use_path_style'] === true || c['force_path_style'] === true) out.usePathStyle = true;
  set('workspaceKeyPrefix', str(c['workspace_key_prefix']));
  set('workspaceDir', str(c['workspace_dir']));
  return out;
}

/** The part of the backend that goes into the repair file (and must still match at apply time). */
export function repairBackendOf(b: BackendDetails): RepairBackend {
  const out: RepairBackend = { type: b.type };
  if (b.bucket !== undefined) out.bucket = b.bucket;
  if (b.key !== undefined) out.key = b.key;
  if (b.region !== undefined) out.region = b.region;
  if (b.dynamodb_table !== undefined) out.dynamodb_table = b.dynamodb_table;
  if (b.use_lockfile !== undefined) out.use_lockfile = b.use_lockfile;
  if (b.path !== undefined) out.path = b.path;
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

/** The S3 object key of the state for a workspace (`<prefix>/<workspace>/<key>` outside the default one). */
export function stateKeyOf(b: BackendDetails, workspace: string): string {
  if (!b.key) throw new EnvironmentError('the s3 backend config has no key');
  return workspace === 'default' ? b.key : `${b.workspaceKeyPrefix ?? 'env:'}/${workspace}/${b.key}`;
}

/** The local backend's state file for a workspace (terraform.tfstate, or terraform.tfstate.d/<ws>/terraform.tfstate). */
export function localStatePathOf(dir: string, b: BackendDetails, workspace: string): string {
  if (workspace !== 'default') return join(dir, b.workspaceDir ?? 'terraform.tfstate.d', workspace, 'terraform.tfstate');
  const p = b.path ?? 'terraform.tfstate';
  return isAbsolute(p) ? p : join(dir, p);
}

/** A name for the lock in messages and the audit record: the DynamoDB LockID, the lock object, or the local lock file. */
export function lockNameOf(dir: string, b: BackendDetails, workspace: string): string {
  if (b.type === 'local') return localStatePathOf(dir, b, workspace);
  if (b.dynamodb_table) return lockIdOf(b, workspace);
  return `s3://${b.bucket ?? ''}/${stateKeyOf(b, workspace)}.tflock`;
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
