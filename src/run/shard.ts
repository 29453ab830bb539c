/**
 * Sharding a fleet across machines (`--shard I/N`, a Kubernetes Indexed Job's
 * JOB_COMPLETION_INDEX): every shard must pick the same accounts for the same
 * name, whatever the order or the size of the list it was given, so the choice
 * is a hash of the account name alone, not a position in the inventory.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';

/** Shard `index` of `count` (0-based): a stable subset of the accounts, by a hash of the name (`--shard i/n`). */
export interface Shard {
  /** 0-based index of this shard. */
  index: number;
  /** How many shards in all. */
  count: number;
}

/** The shard an account belongs to among `count`: sha256(name) mod count. */
export function shardOf(account: string, count: number): number {
  assertCount(count);
  const digest = createHash('sha256').update(account, 'utf8').digest();
  // The first 48 bits are plenty for any shard count and stay exact in a JS number.
  return digest.readUIntBE(0, 6) % count;
}

/** The accounts of `accounts` that belong to shard `index` of `count`, in their given order. */
export function selectShard(accounts: readonly string[], index: number, count: number): string[] {
  assertCount(count);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new InputError(`shard index ${String(index)} is outside 0..${count - 1}`, undefined, ['shard']);
  }
  return accounts.filter((name) => shardOf(name, count) === index);
}

/** Parses `I/N` (0-based I), as given to `--shard`. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  if (!m) throw new InputError(`--shard expects I/N with a 0-based index, e.g. 0/4; got ${JSON.stringify(text)}`, undefined, ['shard']);
  const index = Number(m[1]);
  const count = Number(m[2]);
  assertCount(count);
  if (index >= count) throw new InputError(`--shard ${index}/${count}: the index is 0-based and must be below ${count}`, undefined, ['shard']);
  return { index, count };
}

function assertCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) {
    throw new InputError(`shard count must be a positive integer, got ${String(count)}`, undefined, ['shard']);
  }
}
