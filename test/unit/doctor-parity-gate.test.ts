// The deletion gate against the reconciler's (qontract-reconcile reconcile/utils/terraform_client.py):
// each row names the reference function whose behaviour it pins.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approvalValid, deletionVerdict } from '../../src/doctor/deletion-gate.js';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { AccountGate } from '../../src/doctor/types.js';
import { InputError } from '../../src/errors.js';
import { loadInventory } from '../../src/synth/index.js';
import { NOW, plan, rc } from './doctor-helpers.js';

const strict: AccountGate = { name: 'acct', enableDeletion: false, deletionApprovals: [] };
const open: AccountGate = { ...strict, enableDeletion: true };

describe('deletionVerdict vs the reference gate', () => {
  it.each([
    // [reference function, case, account, runEnableDeletion, type, before, allowed, because]
    ['log_plan_diff: deletions_allowed = enable_deletion or account', 'run --enable-deletion, account strict', strict, true, 'aws_s3_bucket', {}, true, 'run-enable-deletion'],
    ['log_plan_diff: deletions_allowed = enable_deletion or account', 'account enableDeletion, run off', open, false, 'aws_s3_bucket', {}, true, 'enable-deletion'],
    ['log_plan_diff: deletions_allowed = enable_deletion or account', 'both off', strict, false, 'aws_s3_bucket', {}, false, 'not-enabled'],
    ['log_plan_diff: always_enabled_deletions', 'cloudflare_record', strict, false, 'cloudflare_record', {}, true, 'always-deletable'],
    ['log_plan_diff: always_enabled_deletions', 'random_id', strict, false, 'random_id', {}, true, 'always-deletable'],
    ['log_plan_diff: always_enabled_deletions', 'aws_lb_target_group_attachment', strict, false, 'aws_lb_target_group_attachment', {}, true, 'always-deletable'],
    ['log_plan_diff: always_enabled_deletions', 'aws_iam_user_policy', strict, false, 'aws_iam_user_policy', {}, true, 'always-deletable'],
    ['log_plan_diff: before.deletion_protection', 'protected rds, run --enable-deletion', strict, true, 'aws_db_instance', { deletion_protection: true }, false, 'deletion-protection'],
    ['log_plan_diff: before.deletion_protection', 'truthy, not only true', open, false, 'aws_db_instance', { deletion_protection: 1 }, false, 'deletion-protection'],
    ['log_plan_diff: before.deletion_protection', 'unprotected rds, account open', open, false, 'aws_db_instance', { deletion_protection: false }, true, 'enable-deletion'],
  ] as const)('%s: %s', (_ref, _case, account, run, type, before, allowed, because) => {
    expect(deletionVerdict(account, type, 'x', NOW, before, run)).toMatchObject({ allowed, because });
  });

  it.each([
    ['deletion_approved: strptime(%Y-%m-%d) refuses an impossible day', '2026-02-30', '2026-02-01T00:00:00Z', false],
    ['deletion_approved: strptime(%Y-%m-%d) refuses month 13', '2026-13-01', '2026-02-01T00:00:00Z', false],
    ['deletion_approved: now <= expiration + 1 day', '2026-02-28', '2026-03-01T00:00:00Z', true],
    ['deletion_approved: a leap day is a day', '2028-02-29', '2028-02-29T12:00:00Z', true],
  ])('%s (%s at %s -> %s)', (_ref, expiration, now, valid) => {
    expect(approvalValid({ type: 't', name: 'n', expiration }, new Date(now))).toBe(valid);
  });
});

describe('diagnose: the gate in log_plan_diff', () => {
  const rename = plan({
    resource_changes: [
      rc('aws_s3_bucket.old', ['delete'], { before: { bucket: 'data' }, after: null }, { action_reason: 'delete_because_no_resource_config' }),
      rc('aws_s3_bucket.new', ['create'], { before: null, after: { bucket: 'data' } }),
    ],
  });

  it.each([
    ['log_plan_diff: a delete half of a rename is refused', strict, false, 'error', ['config-moved-block', 'terraform-state-mv', 'inventory-deletion-approval']],
    ['log_plan_diff: run --enable-deletion lets the rename through', strict, true, 'warning', ['config-moved-block', 'terraform-state-mv']],
    ['log_plan_diff: account enableDeletion lets the rename through', open, false, 'warning', ['config-moved-block', 'terraform-state-mv']],
  ] as const)('%s', (_ref, account, enableDeletion, severity, proposals) => {
    const fs = diagnose({ plan: rename, diagnostics: [], account, enableDeletion, now: NOW });
    expect(fs.map((f) => [f.kind, f.severity])).toEqual([['renamed-address', severity]]);
    expect(fs[0]?.proposals.map((p) => p.kind)).toEqual(proposals);
    expect(fs[0]?.evidence['gate']).toMatchObject({ account: 'acct', runEnableDeletion: enableDeletion });
  });

  it('log_plan_diff: a moved block (previous_address, no delete action) passes the gate', () => {
    const moved = plan({ resource_changes: [rc('aws_s3_bucket.new', ['no-op'], { before: { bucket: 'data' }, after: { bucket: 'data' } }, { previous_address: 'aws_s3_bucket.old' })] });
    expect(diagnose({ plan: moved, diagnostics: [], account: strict, now: NOW })).toEqual([]);
  });

  it('log_plan_diff: --enable-deletion removes deletion-not-enabled for a plain delete', () => {
    const del = plan({ resource_changes: [rc('aws_s3_bucket.b', ['delete'], { before: { bucket: 'b' } }, { action_reason: 'delete_because_no_resource_config' })] });
    expect(diagnose({ plan: del, diagnostics: [], account: strict, now: NOW }).map((f) => f.kind)).toEqual(['deletion-not-enabled']);
    expect(diagnose({ plan: del, diagnostics: [], account: strict, enableDeletion: true, now: NOW }).map((f) => f.kind)).toEqual(['orphaned-in-state']);
  });

  it.each([
    ['log_plan_diff: format_version != ALLOWED_TF_SHOW_FORMAT_VERSION raises', '1.1', ['plan-format-unsupported']],
    ['log_plan_diff: format_version != ALLOWED_TF_SHOW_FORMAT_VERSION raises', '1.0', ['plan-format-unsupported']],
    ['log_plan_diff: exactly "1.2" is read', '1.2', []],
  ])('%s (%s)', (_ref, format_version, kinds) => {
    const fs = diagnose({ plan: plan({ format_version }), diagnostics: [], account: strict, now: NOW });
    expect(fs.map((f) => f.kind)).toEqual(kinds);
    if (kinds.length) expect(fs[0]?.evidence).toEqual({ format_version, expected: '1.2', account: 'acct' });
  });

  it('a plan of any 1.x without an account (a --dir project, no reconciler) is not refused', () => {
    expect(diagnose({ plan: plan({ format_version: '1.0' }), diagnostics: [], now: NOW })).toEqual([]);
  });
});

describe('load-inventory: deletion_approved strptime at load', () => {
  it('an impossible approval date is an InputError naming the file and the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tfdoctor-gate-'));
    const file = join(dir, 'inventory.yml');
    writeFileSync(file, [
      'accounts:',
      '  - name: acct',
      '    uid: "123456789012"',
      '    resourcesDefaultRegion: us-east-1',
      '    providerVersion: "5.100.0"',
      '    enableDeletion: false',
      '    deletionApprovals:',
      '      - { type: aws_s3_bucket, name: b, expiration: "2026-02-30" }',
      '    terraformState:',
      '      provider: s3',
      '      bucket: tfstate',
      '      region: us-east-1',
      '      integrations:',
      '        - { integration: terraform-resources, key: qontract-reconcile.tfstate }',
      '',
    ].join('\n'));
    const err = await loadInventory(file).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/inventory\.yml: .*accounts\.0\.deletionApprovals\.0\.expiration.*2026-02-30.*not a calendar date/);
  });
});
