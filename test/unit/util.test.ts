/** src/util: the one definition of each small helper. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { parseDuration as lockStaleAfter } from '../../cli/commands/plan.js';
import { parseDuration as ttl } from '../../src/repair/index.js';
import { firstLines, hclString, isPlainObject, parseDuration, sanitizeControl, stripAnsi } from '../../src/util/index.js';

describe('parseDuration (one grammar for --ttl and --lock-stale-after)', () => {
  it.each([['1.5h', 5_400_000], ['90s', 90_000], ['250ms', 250], ['2d', 172_800_000], ['0.5m', 30_000]])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
    expect(ttl(text)).toBe(ms);
    expect(lockStaleAfter(text)).toBe(ms);
  });
  it('a bare number is milliseconds only where asked for', () => {
    expect(() => parseDuration('500')).toThrow(InputError);
    expect(parseDuration('500', { bareMilliseconds: true })).toBe(500);
  });
  it.each(['', 'h', '-1h', '0s', '1 week', '1.h'])('refuses %j', (text) => {
    expect(() => parseDuration(text, { bareMilliseconds: true })).toThrow(InputError);
  });
});

describe('sanitizeControl', () => {
  const hostile = 'a\u001b[2Jb\rc\nd\te\u0085';
  it.each([
    ['placeholder', 'a?[2Jb?c?d?e?'],
    ['unicode-escape', 'a\\u001b[2Jb\\u000dc\nd\te\\u0085'],
    ['hex-escape', 'a\\x1b[2Jb\\x0dc d\\x09e\\x85'],
  ] as const)('%s', (style, want) => {
    expect(sanitizeControl(hostile, style)).toBe(want);
  });
});

describe('small helpers', () => {
  it('stripAnsi removes color codes only', () => {
    expect(stripAnsi('\u001b[31mError\u001b[0m [x]')).toBe('Error [x]');
  });
  it('hclString escapes interpolation', () => {
    expect(hclString('a${b}%{c}"')).toBe('"a$${b}%%{c}\\""');
  });
  it('isPlainObject', () => {
    expect([{}, { a: 1 }, [], null, 'x', 1].map(isPlainObject)).toEqual([true, true, false, false, false, false]);
  });
  it('firstLines', () => {
    expect(firstLines('\n a\n\nb\nc\n', 2)).toBe('a\n');
    expect(firstLines('\n a\n\nb\nc\n', 2, { skipBlank: true })).toBe('a\nb');
  });
});
