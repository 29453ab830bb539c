import { describe, expect, it } from 'vitest';
import { approvalValid, deletionAllowed, deletionVerdict } from '../../src/doctor/deletion-gate.js';
import { importIdFor } from '../../src/doctor/import-id.js';
import { parseGoTime, parseLockInfo } from '../../src/doctor/lock-info.js';
import { isSafeAddress } from '../../src/doctor/safe.js';

const approval = { type: 'aws_db_parameter_group', name: 'quay-db-pg', expiration: '2026-12-31' };
const account = { name: 'a', enableDeletion: false, deletionApprovals: [approval] };

describe('deletion gate (reference: now <= expiration + 1 day, UTC)', () => {
  it.each([
    ['well before', '2026-12-01T00:00:00Z', true],
    ['on the expiration day', '2026-12-31T23:59:59Z', true],
    ['exactly expiration + 1 day', '2027-01-01T00:00:00.000Z', true],
    ['1 ms after expiration + 1 day', '2027-01-01T00:00:00.001Z', false],
    ['a day later', '2027-01-02T12:00:00Z', false],
  ])('approval %s (%s) -> %s', (_n, now, allowed) => {
    expect(approvalValid(approval, new Date(now))).toBe(allowed);
    expect(deletionAllowed(account, 'aws_db_parameter_group', 'quay-db-pg', new Date(now))).toBe(allowed);
  });

  it.each([
    ['other name', 'aws_db_parameter_group', 'other', false],
    ['other type', 'aws_s3_bucket', 'quay-db-pg', false],
    ['always deletable random_id', 'random_id', 'x', true],
    ['always deletable aws_lb_target_group_attachment', 'aws_lb_target_group_attachment', 'x', true],
    ['always deletable aws_iam_user_policy', 'aws_iam_user_policy', 'x', true],
  ])('%s', (_n, type, name, allowed) => {
    expect(deletionAllowed(account, type, name, new Date('2026-12-01T00:00:00Z'))).toBe(allowed);
  });

  it('enableDeletion allows everything except a protected aws_db_instance', () => {
    const open = { ...account, enableDeletion: true };
    const now = new Date('2026-12-01T00:00:00Z');
    expect(deletionAllowed(open, 'aws_s3_bucket', 'b', now)).toBe(true);
    expect(deletionAllowed(open, 'aws_db_instance', 'db', now, { deletion_protection: false })).toBe(true);
    expect(deletionVerdict(open, 'aws_db_instance', 'db', now, { deletion_protection: true })).toEqual({ allowed: false, because: 'deletion-protection' });
  });

  it('an expired approval is named as such', () => {
    expect(deletionVerdict(account, 'aws_db_parameter_group', 'quay-db-pg', new Date('2027-02-01T00:00:00Z'))).toMatchObject({ allowed: false, because: 'approval-expired' });
  });

  it('a malformed expiration never approves', () => {
    expect(approvalValid({ ...approval, expiration: 'soon' }, new Date('2020-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('importIdFor', () => {
  it.each([
    ['aws_db_parameter_group', { name: 'pg' }, 'pg'],
    ['aws_s3_bucket', { bucket: 'b' }, 'b'],
    ['aws_iam_user', { name: 'u' }, 'u'],
    ['aws_iam_role', { name: 'r' }, 'r'],
    ['aws_dynamodb_table', { name: 't' }, 't'],
    ['aws_cloudwatch_log_group', { name: 'lg' }, 'lg'],
    ['aws_ecr_repository', { name: 'repo' }, 'repo'],
    ['aws_elasticache_replication_group', { replication_group_id: 'rg' }, 'rg'],
    ['aws_elasticache_parameter_group', { name: 'epg' }, 'epg'],
    ['aws_db_instance', { identifier: 'db' }, 'db'],
    ['aws_kms_alias', { name: 'alias/k' }, 'alias/k'],
    ['aws_autoscaling_group', { name: 'asg' }, 'asg'],
    ['aws_iam_instance_profile', { name: 'ip' }, 'ip'],
    ['aws_iam_user_policy_attachment', { user: 'u', policy_arn: 'arn:aws:iam::aws:policy/X' }, 'u/arn:aws:iam::aws:policy/X'],
    ['aws_launch_template', { name: 'lt' }, undefined],
    ['aws_sqs_queue', { name: 'q' }, undefined],
    ['aws_s3_bucket', { bucket: null }, undefined],
    ['aws_s3_bucket', { bucket: '' }, undefined],
    ['aws_s3_bucket', null, undefined],
    ['constructor', { name: 'x' }, undefined],
  ])('%s %j -> %s', (type, values, id) => {
    expect(importIdFor(type, values)).toBe(id);
  });
});

describe('lock info', () => {
  it('parses the block Terraform prints, with the Go time', () => {
    const info = parseLockInfo('Lock Info:\n  ID:        abc-123\n  Path:      b/k\n  Operation: OperationTypePlan\n  Who:       me@host\n  Version:   1.11.4\n  Created:   2026-11-21 10:00:00.123456789 +0000 UTC\n  Info:      \n\nTerraform acquires a state lock');
    expect(info).toEqual({ id: 'abc-123', path: 'b/k', operation: 'OperationTypePlan', who: 'me@host', version: '1.11.4', created: '2026-11-21 10:00:00.123456789 +0000 UTC', createdIso: '2026-11-21T10:00:00.123Z' });
  });

  it.each([
    ['2026-11-21 10:00:00 +0200 CEST', '2026-11-21T08:00:00.000Z'],
    ['2026-11-21T10:00:00Z', '2026-11-21T10:00:00.000Z'],
    ['yesterday', undefined],
  ])('parseGoTime(%s)', (t, iso) => {
    expect(parseGoTime(t)).toBe(iso);
  });
});

describe('isSafeAddress', () => {
  it.each([
    ['aws_s3_bucket.b', true],
    ['module.m["k"].aws_s3_bucket.b[0]', true],
    ['data.aws_ami.image-builder-workers', true],
    ['-lock=false', false],
    ['aws_s3_bucket.b; rm -rf /', false],
    ['aws_s3_bucket.b["x\ny"]', false],
  ])('%s -> %s', (a, ok) => {
    expect(isSafeAddress(a)).toBe(ok);
  });
});
