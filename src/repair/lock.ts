/**
 * The state lock for a repair, taken through terraform itself
 * (src/state/terraform/hold-lock.ts: a `terraform console` that holds the
 * backend's lock while it runs). Whatever the backend locks with (S3
 * `use_lockfile`, a DynamoDB table, both, a local state file's fcntl lock),
 * terraform takes exactly that lock, so a concurrent `terraform apply` fails with
 * its usual lock error. While the lock is held, the repair's terraform commands
 * run with `-lock=false`: one lock for the whole rehearse/backup/execute/verify
 * sequence is what makes two concurrent applies exclusive (a per-command lock
 * would let another apply slip in between two commands).
 *
 * Reading who holds a lock (for messages and for force-unlock's ID check) reads
 * the record terraform wrote: the `.tflock` object, the DynamoDB item, or the
 * local `.terraform.tfstate.lock.info` file.
 */
import { basename, dirname, join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { makeAwsClient } from '../aws/clients.js';
import { ownLostLockId, ownLostLockInDiagnostics, parseLockInfo } from '../doctor/lock-info.js';
import { EXTRACT, matchDiagnosticPattern } from '../doctor/patterns.js';
import { EnvironmentError, GuardError } from '../errors.js';
import type { TerraformContext } from '../state/terraform/context.js';
import { holdStateLock, HoldLockFailed, type HeldStateLock } from '../state/terraform/hold-lock.js';
import { forceUnlock } from '../state/terraform/mutating/force-unlock.js';
import { lockIdOf, localStatePathOf, stateKeyOf, type BackendDetails } from './backend.js';
import { GUARD_CHECKS } from './verify.js';
import { readFileIfExists } from '../fs/read-file-if-exists.js';

/** Terraform's lock info (statemgr.LockInfo), as stored in the lock record. */
export interface LockInfo {
  ID: string;
  Operation: string;
  Info: string;
  Who: string;
  Version: string;
  Created: string;
  Path: string;
}

/** Where terraform keeps the lock of one state. */
export interface LockTarget {
  backend: BackendDetails;
  dir: string;
  workspace: string;
  env: Record<string, string | undefined>;
}

/** What tfdoctor holds while it repairs: the terraform process holding the lock, and the lock's record as terraform wrote it. */
export interface HeldLock {
  holder: HeldStateLock;
  /** The lock record read after terraform took it (undefined for a backend whose record tfdoctor cannot read). */
  info?: LockInfo;
  /** Set by pinLock: the record is the lock, console is gone. */
  pinned?: boolean;
}

/** Refuses backends tfdoctor cannot lock: an s3 backend needs `use_lockfile` or `dynamodb_table`. */
export function assertLockable(backend: BackendDetails | undefined): BackendDetails {
  const b = backend ?? { type: 'local' };
  if (b.type === 'local') return b;
  if (b.type !== 's3') {
    throw new GuardError(GUARD_CHECKS.lock, `the backend is "${b.type}"; tfdoctor repairs s3 backends (use_lockfile and/or dynamodb_table) and local state files`);
  }
  if (!b.use_lockfile && !b.dynamodb_table) {
    throw new GuardError(GUARD_CHECKS.lock, 'the s3 backend locks with neither use_lockfile nor dynamodb_table: terraform takes no state lock, and tfdoctor will not change state without one');
  }
  return b;
}

/** The Lock Info block of terraform's lock error, as `Who since Created (ID, Operation)`. */
function lockHolderText(stderr: string): string {
  const f = parseLockInfo(stderr);
  return f?.id ? `held by ${f.who ?? 'unknown'} since ${f.created ?? '?'} (ID ${f.id}, ${f.operation ?? '?'})` : 'held by someone else';
}

/** The ID of the lock console failed on when it is its own lost write (ownLostLockId), else undefined. */
function ownLostConsoleLock(err: HoldLockFailed): string | undefined {
  return ownLostLockId(err.stderr, err.attemptedLockIds);
}

/**
 * The one lock edit outside a reviewed repair: a plan's own lost lock write
 * (ownLostLockInDiagnostics: the lock error names an ID that the same terraform
 * logged it was about to write). Released with `terraform force-unlock` of that ID
 * only when the run's own diagnostics prove it; returns the ID, or undefined (and
 * touches nothing) without that proof.
 */
export async function releaseOwnLostLock(
  tf: TerraformContext,
  run: { diagnostics: Parameters<typeof ownLostLockInDiagnostics>[0]; attemptedLockIds: readonly string[] },
): Promise<string | undefined> {
  const own = ownLostLockInDiagnostics(run.diagnostics, run.attemptedLockIds);
  if (!own) return undefined;
  await forceUnlock(tf, own);
  return own;
}

function holdOnce(tf: TerraformContext): Promise<HeldStateLock> {
  return holdStateLock(tf, { lockedLine: EXTRACT.consoleLockHeld.re, attemptLine: EXTRACT.backendLockAttempt.re });
}

/**
 * terraform console holding the lock; when its lock write was lost (ownLostLockId), that
 * record is removed with `terraform force-unlock` and the lock taken once more.
 */
async function holdLockThroughTerraform(tf: TerraformContext, name: string, progress: (line: string) => void): Promise<HeldStateLock> {
  try {
    return await holdOnce(tf);
  } catch (err) {
    const own = err instanceof HoldLockFailed ? ownLostConsoleLock(err) : undefined;
    if (!own) throw err;
    progress(`the answer to terraform's lock write on ${name} was lost and its retry found its own lock ${own}: releasing that one and taking the lock again`);
    await forceUnlock(tf, own);
    return holdOnce(tf);
  }
}

/** Takes the state lock through terraform; GuardError(lock) when another run holds it or terraform cannot take it. */
export async function acquireLock(tf: TerraformContext, target: LockTarget, name: string, progress: (line: string) => void = () => {}): Promise<HeldLock> {
  let holder: HeldStateLock;
  try {
    holder = await holdLockThroughTerraform(tf, name, progress);
  } catch (err) {
    if (err instanceof HoldLockFailed) {
      if (matchDiagnosticPattern(err.stderr)?.kind === 'state-lock-held') {
        throw new GuardError(GUARD_CHECKS.lock, `cannot take the state lock ${name}: ${lockHolderText(err.stderr)}`);
      }
      throw new GuardError(GUARD_CHECKS.lock, `cannot take the state lock ${name}: ${err.message}: ${err.stderr.trim().split('\n').slice(0, 12).join('\n')}`);
    }
    throw new GuardError(GUARD_CHECKS.lock, `cannot take the state lock ${name}: ${(err as Error).message}`);
  }
  try {
    const info = await readLock(target);
    if (!holder.alive()) throw new EnvironmentError('terraform exited right after taking the lock');
    return { holder, ...(info ? { info } : {}) };
  } catch (err) {
    await holder.release().catch(() => holder.kill());
    throw new GuardError(GUARD_CHECKS.lock, `cannot read the state lock ${name} terraform took: ${(err as Error).message}`);
  }
}

/**
 * Pins the lock before the repair's first write: terraform console is killed
 * (SIGKILL, so it cannot unlock) and the lock record it wrote stays. From here
 * on a tfdoctor that dies (SIGKILL, the machine lost) leaves the lock behind,
 * with the journal (journal.ts) naming the repair, instead of console's EOF
 * releasing it under a half-written state. The record is then the lock: other
 * terraform runs still fail on it, and releaseLock removes it through
 * `terraform force-unlock` with our ID. A local backend's fcntl lock ends with
 * its process, so it cannot be pinned (returns false; console keeps holding it).
 */
export async function pinLock(target: LockTarget, lock: HeldLock): Promise<boolean> {
  if (target.backend.type === 'local' || !lock.info?.ID) return false;
  await lock.holder.abandon();
  // From here the record is the lock, whatever the check below says: release it with force-unlock.
  lock.pinned = true;
  const after = await readLock(target);
  if (after?.ID !== lock.info.ID) {
    throw new EnvironmentError(`the state lock ${lock.info.ID} is not recorded any more after its terraform process ended (now: ${after ? `ID ${after.ID}` : 'no lock'}); stopping before any write`);
  }
  return true;
}

/** Is the lock still ours: console running, or (pinned) the record still has our ID. */
export async function stillHeld(target: LockTarget, lock: HeldLock): Promise<boolean> {
  if (!lock.pinned) return lock.holder.alive();
  return (await readLock(target))?.ID === lock.info?.ID;
}

/** Releases the lock (terraform unlocks as console ends; a pinned lock through `terraform force-unlock` with our ID), then checks that the record terraform wrote is gone. */
export async function releaseLock(target: LockTarget, lock: HeldLock, tf?: TerraformContext): Promise<void> {
  if (lock.pinned) {
    if (!tf || !lock.info?.ID) throw new EnvironmentError('a pinned lock is released with terraform force-unlock: no terraform context or lock ID');
    await forceUnlock(tf, lock.info.ID);
  } else {
    await lock.holder.release();
  }
  if (target.backend.type === 'local') return; // the fcntl lock ends with the process; the info file is removed by terraform
  const after = await readLock(target);
  if (after && lock.info && after.ID === lock.info.ID) {
    throw new EnvironmentError(`terraform exited but the state lock ${lock.info.ID} is still recorded`);
  }
}

function parseInfo(json: string | undefined, path: string): LockInfo {
  let info: LockInfo = { ID: '', Operation: '', Info: '', Who: '', Version: '', Created: '', Path: path };
  if (json) {
    try {
      info = { ...info, ...(JSON.parse(json) as Partial<LockInfo>) };
    } catch {
      // A record that is not JSON is still a held lock; its ID stays unknown.
    }
  }
  return info;
}

function dynamoClient(b: BackendDetails, env: Record<string, string | undefined>): DynamoDBClient {
  // maxAttempts 2: fail closed and fast.
  return makeAwsClient(DynamoDBClient, {
    service: 'DYNAMODB', env, maxAttempts: 2,
    ...(b.region ? { region: b.region } : {}),
    ...(b.dynamodbEndpoint ? { endpoint: b.dynamodbEndpoint } : {}),
  });
}

function s3Client(b: BackendDetails, env: Record<string, string | undefined>): S3Client {
  return makeAwsClient(S3Client, {
    service: 'S3', env, maxAttempts: 2,
    ...(b.region ? { region: b.region } : {}),
    ...(b.s3Endpoint ? { endpoint: b.s3Endpoint } : {}),
  }, { forcePathStyle: b.usePathStyle === true });
}

/**
 * The lock record terraform wrote for this state, or undefined when none is
 * recorded. With both lock kinds configured the `.tflock` object is read first
 * (terraform takes it first). A local lock info file only names the last
 * holder: the fcntl lock itself ends with its process.
 */
export async function readLock(target: LockTarget): Promise<LockInfo | undefined> {
  const { backend: b, dir, workspace, env } = target;
  if (b.type === 'local') {
    const state = localStatePathOf(dir, b, workspace);
    const file = join(dirname(state), `.${basename(state)}.lock.info`);
    const text = await readFileIfExists(file);
    return text === undefined ? undefined : parseInfo(text, state);
  }
  const key = stateKeyOf(b, workspace);
  if (b.use_lockfile) {
    const s3 = s3Client(b, env);
    try {
      const r = await s3.send(new GetObjectCommand({ Bucket: b.bucket, Key: `${key}.tflock` }));
      return parseInfo(await r.Body?.transformToString(), `${b.bucket ?? ''}/${key}`);
    } catch (err) {
      if (!(err instanceof NoSuchKey) && (err as { name?: string }).name !== 'NoSuchKey') throw err;
    } finally {
      s3.destroy();
    }
  }
  if (b.dynamodb_table) {
    const db = dynamoClient(b, env);
    try {
      const id = lockIdOf(b, workspace);
      const r = await db.send(new GetItemCommand({ TableName: b.dynamodb_table, Key: { LockID: { S: id } }, ConsistentRead: true }));
      if (!r.Item) return undefined;
      return parseInfo(r.Item['Info']?.S, id);
    } finally {
      db.destroy();
    }
  }
  return undefined;
}

/** A DynamoDB client for the backend's lock table, with the endpoint/credentials terraform gets (src/aws/clients.ts). */
export function lockClient(backend: BackendDetails, env: Record<string, string | undefined>): DynamoDBClient {
  return dynamoClient(backend, env);
}
