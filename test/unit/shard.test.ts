import { describe, expect, it } from 'vitest';
import { parseShard, selectShard, shardOf } from '../../src/run/shard.js';
import { InputError } from '../../src/errors.js';

const accounts = Array.from({ length: 200 }, (_, i) => `app-sre-${i}`);

describe('selectShard', () => {
  it.each([1, 2, 3, 7, 16])('the %i shards cover every account exactly once', (count) => {
    const seen = new Map<string, number>();
    for (let i = 0; i < count; i++) for (const a of selectShard(accounts, i, count)) seen.set(a, (seen.get(a) ?? 0) + 1);
    expect([...seen.keys()].sort()).toEqual([...accounts].sort());
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('depends on the name only, not on the order or the other accounts', () => {
    const reversed = [...accounts].reverse();
    const subset = accounts.filter((_, i) => i % 3 === 0);
    for (const a of subset) {
      const inFull = selectShard(accounts, shardOf(a, 5), 5).includes(a);
      const inReversed = selectShard(reversed, shardOf(a, 5), 5).includes(a);
      const inSubset = selectShard(subset, shardOf(a, 5), 5).includes(a);
      expect([inFull, inReversed, inSubset]).toEqual([true, true, true]);
    }
  });

  it('is sha256 of the name mod N (stable across releases)', () => {
    // sha256("app-sre-stage") starts with 4e3ad1138f2a; checked with `printf app-sre-stage | sha256sum`.
    expect(shardOf('app-sre-stage', 1)).toBe(0);
    const first48 = BigInt('0x4e3ad1138f2a');
    expect(shardOf('app-sre-stage', 1000)).toBe(Number(first48 % 1000n));
  });

  it('spreads accounts roughly evenly', () => {
    const sizes = Array.from({ length: 4 }, (_, i) => selectShard(accounts, i, 4).length);
    for (const s of sizes) expect(s).toBeGreaterThan(30);
  });

  it.each([
    [-1, 4],
    [4, 4],
    [0, 0],
    [1.5, 4],
  ])('refuses index %s of %s', (index, count) => {
    expect(() => selectShard(accounts, index, count)).toThrow(InputError);
  });
});

describe('parseShard', () => {
  it.each([
    ['0/4', { index: 0, count: 4 }],
    ['3/4', { index: 3, count: 4 }],
    [' 2 / 10 ', { index: 2, count: 10 }],
  ])('parses %j', (text, want) => {
    expect(parseShard(text)).toEqual(want);
  });
  it.each(['4/4', '1/0', 'a/b', '1', '-1/3', '1/3/4', ''])('refuses %j', (text) => {
    expect(() => parseShard(text)).toThrow(InputError);
  });
});
