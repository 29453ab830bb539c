/** Pure helpers of the runner. */
import { describe, expect, it } from 'vitest';
import { redactArgv, stripAnsi } from '../../src/state/terraform/exec.js';

describe('stripAnsi', () => {
  it('removes the colour codes `state pull` puts around its errors (1.11.4, from fixtures/captured/checksum-mismatch)', () => {
    expect(stripAnsi('\x1b[31mFailed to refresh state: state data in S3 does not have the expected content.\x1b[0m\x1b[0m\n'))
      .toBe('Failed to refresh state: state data in S3 does not have the expected content.\n');
  });
  it('leaves plain text alone', () => {
    expect(stripAnsi('Lock Info:\n  ID: 1 [x]')).toBe('Lock Info:\n  ID: 1 [x]');
  });
});

describe('redactArgv', () => {
  it('hides credential values passed as -backend-config, keeps the rest', () => {
    expect(redactArgv(['terraform', 'init', '-backend-config=bucket=b', '-backend-config=secret_key=abc', '-backend-config=token=t', '-backend-config=key=a/b.tfstate']))
      .toEqual(['terraform', 'init', '-backend-config=bucket=b', '-backend-config=secret_key=(redacted)', '-backend-config=token=(redacted)', '-backend-config=key=a/b.tfstate']);
  });
});
