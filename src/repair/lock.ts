/**
 * The state lock, taken by tfdoctor itself: a conditional PutItem on the S3
 * backend's DynamoDB table, the same item Terraform writes (LockID
 * `<bucket>/<key>`, `Info` = Terraform's LockInfo JSON). While tfdoctor holds
 * it, the repair's terraform commands run with `-lock=false`: one lock for the
 * whole rehearse/backup/execute/verify sequence is what makes two concurrent
 * applies exclusive (a per-command lock would let another apply slip in
 * between two commands).
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { makeAwsClient } from '../aws/clients.js';
import { EnvironmentError, GuardError } from '../errors.js';
import type { BackendDetails } from './backend.js';
import { GUARD_CHECKS } from './verify.js';

/** Terraform's lock info (statemgr.LockInfo), as stored in the `Info` attribute. */
export interface LockInfo {
  ID: string;
  Operation: string;
  Info: string;
  Who: string;
  Version: string;
  Created: string;
  Path: string;
}

export interface HeldLock {
  table: string;
  lockId: string;
  info: LockInfo;
  infoJson: string;
}

/** A DynamoDB client for the backend's lock table, with the same endpoint/credentials terraform gets (src/aws/clients.ts). */
export function lockClient(backend: BackendDetails, env: Record<string, string | undefined>): DynamoDBClient {
  // maxAttempts 2: fail closed and fast: a lock we are not sure we hold is a lock we don't hold.
  return makeAwsClient(DynamoDBClient, {
    service: 'DYNAMODB',
    env,
    maxAttempts: 2,
    ...(backend.region ? { region: backend.region } : {}),
    ...(backend.dynamodbEndpoint ? { endpoint: backend.dynamodbEndpoint } : {}),
  });
}

function tableOf(backend: BackendDetails): string {
  if (backend.type !== 's3') throw new GuardError(GUARD_CHECKS.lock, `the backend is "${backend.type}"; tfdoctor repairs only s3 backends with a DynamoDB lock table`);
  if (!backend.dynamodb_table) {
    throw new GuardError(GUARD_CHECKS.lock, 'the s3 backend has no dynamodb_table: tfdoctor cannot take the state lock, and will not change state without it');
  }
  return backend.dynamodb_table;
}

export async function acquireLock(
  client: DynamoDBClient,
  backend: BackendDetails,
  lockId: string,
  opts: { operation: string; info: string; who?: string; terraformVersion?: string; now?: Date },
): Promise<HeldLock> {
  const table = tableOf(backend);
  const info: LockInfo = {
    ID: randomUUID(),
    Operation: opts.operation,
    Info: opts.info,
    Who: opts.who ?? `${safeUser()}@${hostname()}`,
    Version: opts.terraformVersion ?? '',
    Created: (opts.now ?? new Date()).toISOString(),
    Path: lockId,
  };
  const infoJson = JSON.stringify(info);
  try {
    await client.send(new PutItemCommand({
      TableName: table,
      Item: { LockID: { S: lockId }, Info: { S: infoJson } },
      ConditionExpression: 'attribute_not_exists(LockID)',
    }));
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      const held = await readLock(client, backend, lockId).catch(() => undefined);
      const who = held ? `held by ${held.info.Who || 'unknown'} since ${held.info.Created || '?'} (ID ${held.info.ID}, ${held.info.Operation})` : 'held by someone else';
      throw new GuardError(GUARD_CHECKS.lock, `cannot take the state lock ${lockId}: ${who}`);
    }
    throw new GuardError(GUARD_CHECKS.lock, `cannot take the state lock ${lockId}: ${(err as Error).message}`);
  }
  return { table, lockId, info, infoJson };
}

export async function readLock(client: DynamoDBClient, backend: BackendDetails, lockId: string): Promise<HeldLock | undefined> {
  const table = tableOf(backend);
  const r = await client.send(new GetItemCommand({ TableName: table, Key: { LockID: { S: lockId } }, ConsistentRead: true }));
  const infoJson = r.Item?.['Info']?.S;
  if (!r.Item) return undefined;
  let info: LockInfo = { ID: '', Operation: '', Info: '', Who: '', Version: '', Created: '', Path: lockId };
  if (infoJson) {
    try {
      info = { ...info, ...(JSON.parse(infoJson) as Partial<LockInfo>) };
    } catch {
      // An Info that is not JSON is still a held lock; its ID stays unknown.
    }
  }
  return { table, lockId, info, infoJson: infoJson ?? '' };
}

/** Release only our own lock: the delete is conditional on the Info we wrote. */
export async function releaseLock(client: DynamoDBClient, lock: HeldLock): Promise<void> {
  try {
    await client.send(new DeleteItemCommand({
      TableName: lock.table,
      Key: { LockID: { S: lock.lockId } },
      ConditionExpression: 'Info = :info',
      ExpressionAttributeValues: { ':info': { S: lock.infoJson } },
    }));
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      throw new EnvironmentError(`the state lock ${lock.lockId} is no longer ours (ID ${lock.info.ID}); someone force-unlocked it during the repair`);
    }
    throw err;
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
