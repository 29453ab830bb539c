/** The S3 state bucket + DynamoDB lock table an account's backend needs, and the lock/digest items in it. */
import { createHash, randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteItemCommand, GetItemCommand, PutItemCommand, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type BucketLocationConstraint } from '@aws-sdk/client-s3';
import { dynamoClient, s3Client, type EmulatorRef } from './clients.js';

export interface BackendSpec {
  bucket: string;
  region: string;
  lockTable?: string;
}

/** Create the state bucket and (if named) the lock table; existing ones are kept. */
export async function prepareBackend(em: EmulatorRef, spec: BackendSpec): Promise<void> {
  const s3 = s3Client(em, spec.region);
  try {
    await s3.send(new CreateBucketCommand({
      Bucket: spec.bucket,
      ...(spec.region !== 'us-east-1' ? { CreateBucketConfiguration: { LocationConstraint: spec.region as BucketLocationConstraint } } : {}),
    }));
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw err;
  }
  if (spec.lockTable) {
    try {
      await dynamoClient(em, spec.region).send(new CreateTableCommand({
        TableName: spec.lockTable,
        // What Terraform's S3 backend requires: hash key LockID of type S.
        KeySchema: [{ AttributeName: 'LockID', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'LockID', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }));
    } catch (err) {
      if (!(err instanceof ResourceInUseException)) throw err;
    }
  }
}

export interface LockSpec {
  table: string;
  bucket: string;
  key: string;
  region?: string;
  /** e.g. "alice@laptop" */
  who: string;
  /** When the lock was taken; default now. */
  created?: Date;
  /** Terraform's operation names: OperationTypePlan, OperationTypeApply, OperationTypeInvalid. Default apply. */
  operation?: string;
  /** Lock id; default a random UUID (what Terraform uses). */
  id?: string;
  /** Terraform version recorded in the lock. Default 1.11.4. */
  version?: string;
}

/** The lock item Terraform's S3 backend writes: LockID "<bucket>/<key>", Info = JSON lock info. */
export function lockInfoJson(spec: LockSpec & { id: string }): string {
  return JSON.stringify({
    ID: spec.id,
    Operation: spec.operation ?? 'OperationTypeApply',
    Info: '',
    Who: spec.who,
    Version: spec.version ?? '1.11.4',
    // Terraform writes Go's time.Time JSON: RFC 3339 with nanoseconds; milliseconds parse the same.
    Created: (spec.created ?? new Date()).toISOString(),
    Path: `${spec.bucket}/${spec.key}`,
  });
}

/** Put a held lock into the lock table, as if another run crashed holding it. Returns the lock id. */
export async function holdLock(em: EmulatorRef, spec: LockSpec): Promise<string> {
  const id = spec.id ?? randomUUID();
  await dynamoClient(em, spec.region).send(new PutItemCommand({
    TableName: spec.table,
    Item: { LockID: { S: `${spec.bucket}/${spec.key}` }, Info: { S: lockInfoJson({ ...spec, id }) } },
    ConditionExpression: 'attribute_not_exists(LockID)',
  }));
  return id;
}

export async function releaseLock(em: EmulatorRef, spec: { table: string; bucket: string; key: string; region?: string }): Promise<void> {
  await dynamoClient(em, spec.region).send(new DeleteItemCommand({ TableName: spec.table, Key: { LockID: { S: `${spec.bucket}/${spec.key}` } } }));
}

/** The lock item's Info JSON, or undefined when nobody holds the lock. */
export async function readLock(em: EmulatorRef, spec: { table: string; bucket: string; key: string; region?: string }): Promise<Record<string, unknown> | undefined> {
  const r = await dynamoClient(em, spec.region).send(new GetItemCommand({ TableName: spec.table, Key: { LockID: { S: `${spec.bucket}/${spec.key}` } }, ConsistentRead: true }));
  const info = r.Item?.['Info']?.S;
  return info ? (JSON.parse(info) as Record<string, unknown>) : undefined;
}

/**
 * Make the DynamoDB digest item (`<bucket>/<key>-md5`) disagree with the state
 * object, as after a state write that died half-way: Terraform then refuses to
 * read the state ("state data in S3 does not have the expected content").
 */
export async function corruptDigest(em: EmulatorRef, spec: { table: string; bucket: string; key: string; region?: string }): Promise<string> {
  const digest = createHash('md5').update(`tfdoctor-corrupted-${Date.now()}`).digest('hex');
  await dynamoClient(em, spec.region).send(new PutItemCommand({
    TableName: spec.table,
    Item: { LockID: { S: `${spec.bucket}/${spec.key}-md5` }, Digest: { S: digest } },
  }));
  return digest;
}

/** The state object's bytes as stored (not through terraform). */
export async function readStateObject(em: EmulatorRef, spec: { bucket: string; key: string; region?: string }): Promise<string> {
  const r = await s3Client(em, spec.region).send(new GetObjectCommand({ Bucket: spec.bucket, Key: spec.key }));
  return (await r.Body?.transformToString()) ?? '';
}

export async function writeStateObject(em: EmulatorRef, spec: { bucket: string; key: string; region?: string; body: string }): Promise<void> {
  await s3Client(em, spec.region).send(new PutObjectCommand({ Bucket: spec.bucket, Key: spec.key, Body: spec.body }));
}

/** The S3 native lock object Terraform's S3 backend writes with `use_lockfile = true`: `<key>.tflock`, body = lock info JSON. */
export async function holdLockfile(em: EmulatorRef, spec: Omit<LockSpec, 'table'>): Promise<string> {
  const id = spec.id ?? randomUUID();
  await s3Client(em, spec.region).send(new PutObjectCommand({
    Bucket: spec.bucket, Key: `${spec.key}.tflock`, Body: lockInfoJson({ ...spec, table: '', id }), IfNoneMatch: '*',
  }));
  return id;
}

export async function releaseLockfile(em: EmulatorRef, spec: { bucket: string; key: string; region?: string }): Promise<void> {
  await s3Client(em, spec.region).send(new DeleteObjectCommand({ Bucket: spec.bucket, Key: `${spec.key}.tflock` }));
}
