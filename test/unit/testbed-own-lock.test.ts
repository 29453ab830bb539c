import * as os from 'node:os';
import { describe, expect, it } from 'vitest';
import { lockErrorText } from '../support/lock-error.js';
import { ownLostLock } from '../testbed/own-lock.js';

const me = `${os.userInfo().username}@${os.hostname()}`;

const lockError = (who: string, operation: string, created: Date): string => lockErrorText({ who, operation, created });

describe('ownLostLock: only a lock this operation itself just wrote', () => {
  const started = Date.now();
  it('matches this user, this operation, created after the start', () => {
    expect(ownLostLock(lockError(me, 'state-mv', new Date(started + 200)), started, 'state-mv')?.id).toBe('3b4e4c1a-8f0e-2c3d-9a7b-0123456789ab');
  });
  it('another person, another operation, or an older lock is not its own', () => {
    expect(ownLostLock(lockError('alice@laptop', 'state-mv', new Date(started + 200)), started, 'state-mv')).toBeUndefined();
    expect(ownLostLock(lockError(me, 'OperationTypeApply', new Date(started + 200)), started, 'state-mv')).toBeUndefined();
    expect(ownLostLock(lockError(me, 'state-mv', new Date(started - 60_000)), started, 'state-mv')).toBeUndefined();
  });
  it('any other failure is not a lock', () => {
    expect(ownLostLock('Error: Invalid resource address', started, 'state-mv')).toBeUndefined();
  });
});
