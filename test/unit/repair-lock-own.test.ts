import { describe, expect, it } from 'vitest';
import { EXTRACT } from '../../src/doctor/patterns.js';
import { ownLostLockId, ownLostLockInDiagnostics } from '../../src/doctor/lock-info.js';
import { lockErrorText } from '../support/lock-error.js';

// One line of terraform 1.11.4's TF_LOG_CORE=TRACE of `terraform console` on an s3 backend
// (use_lockfile + dynamodb_table), as written on this machine (2026-12-03); the rest cut.
const TRACE =
  '2026-12-03T14:32:33.338Z [INFO]  backend-s3: Attempting to lock remote state (S3 Native and DynamoDB)...: tf_backend.lock.id=6fef57c5-d567-ece4-168f-01760579d610 tf_backend.lock.info="" tf_backend.lock.operation=OperationTypeInvalid tf_backend.lock.who=root@vm tf_backend.operation=Lock\n';

const lockError = (id: string): string => lockErrorText({ id, who: 'root@vm', operation: 'OperationTypeInvalid' });

const attempted = [...TRACE.matchAll(EXTRACT.backendLockAttempt.re)].map((m) => m[1] ?? '');

describe('ownLostLockId: a lock terraform itself wrote and then failed on', () => {
  it('reads the ID terraform was about to write from its trace', () => {
    expect(attempted).toEqual(['6fef57c5-d567-ece4-168f-01760579d610']);
  });
  it('the lock error names that ID: its own lost write', () => {
    expect(ownLostLockId(lockError('6fef57c5-d567-ece4-168f-01760579d610'), attempted)).toBe('6fef57c5-d567-ece4-168f-01760579d610');
  });
  it('another ID is someone else\'s lock, even with the same user and operation', () => {
    expect(ownLostLockId(lockError('1f149f27-4b1c-5296-3c21-01a9ba3d44a4'), attempted)).toBeUndefined();
  });
  it('no trace IDs (local backend, or no trace): never its own', () => {
    expect(ownLostLockId(lockError('6fef57c5-d567-ece4-168f-01760579d610'), [])).toBeUndefined();
  });
  it('a failure that is not a held lock is not one', () => {
    expect(ownLostLockId('Error: Backend initialization required', attempted)).toBeUndefined();
  });
});

describe('ownLostLockInDiagnostics: the same over a plan or apply -json run', () => {
  const held = (id: string) => ({ severity: 'error' as const, summary: 'Error acquiring the state lock', detail: lockError(id) });
  it('an error diagnostic naming an attempted ID', () => {
    expect(ownLostLockInDiagnostics([held('6fef57c5-d567-ece4-168f-01760579d610')], attempted)).toBe('6fef57c5-d567-ece4-168f-01760579d610');
  });
  it('someone else\'s lock, a warning, or no attempted IDs: none', () => {
    expect(ownLostLockInDiagnostics([held('1f149f27-4b1c-5296-3c21-01a9ba3d44a4')], attempted)).toBeUndefined();
    expect(ownLostLockInDiagnostics([{ ...held('6fef57c5-d567-ece4-168f-01760579d610'), severity: 'warning' as const }], attempted)).toBeUndefined();
    expect(ownLostLockInDiagnostics([held('6fef57c5-d567-ece4-168f-01760579d610')], [])).toBeUndefined();
  });
});
