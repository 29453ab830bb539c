import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { DiagnoseInput } from '../../src/doctor/types.js';
import type { Diagnostic } from '../../src/tfjson/index.js';
import { NOW, plan, rc } from './doctor-helpers.js';

const strictAccount = { name: 'app-sre-stage', enableDeletion: false, deletionApprovals: [] };
const base = (over: Partial<DiagnoseInput>): DiagnoseInput => ({ diagnostics: [], now: NOW, ...over });
const err = (summary: string, detail = '', extra: Partial<Diagnostic> = {}): Diagnostic => ({ severity: 'error', summary, detail, ...extra });

describe('diagnose: clean input', () => {
  it.each([
    ['no plan, no diagnostics', base({})],
    ['empty plan', base({ plan: plan({ resource_changes: [], resource_drift: [] }) })],
    ['only no-op changes', base({ plan: plan({ resource_changes: [rc('aws_s3_bucket.b', ['no-op'], { before: { bucket: 'b' }, after: { bucket: 'b' } })] }), account: strictAccount })],
    ['a plain create with no probe', base({ plan: plan({ resource_changes: [rc('aws_s3_bucket.b', ['create'], { after: { bucket: 'b' } })] }), account: strictAccount })],
    ['a deprecation warning', base({ diagnostics: [{ severity: 'warning', summary: 'Argument is deprecated', detail: 'use x' }] })],
  ])('%s yields no findings', (_name, input) => {
    expect(diagnose(input)).toEqual([]);
  });
});

describe('diagnose: plan-driven kinds', () => {
  it('deleted-out-of-band from resource_drift delete, with apply / state rm / removed block', () => {
    const [f, ...rest] = diagnose(base({
      plan: plan({
        resource_drift: [rc('aws_db_parameter_group.quay-db-pg', ['delete'], { before: { name: 'quay-db-pg', arn: 'arn:x' }, after: null })],
        resource_changes: [rc('aws_db_parameter_group.quay-db-pg', ['create'], { before: null, after: { name: 'quay-db-pg' } })],
      }),
      account: strictAccount,
    }));
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('deleted-out-of-band');
    expect(f?.id).toBe('F1');
    expect(f?.address).toBe('aws_db_parameter_group.quay-db-pg');
    expect(f?.proposals.map((p) => [p.id, p.kind, p.mutatesState])).toEqual([
      ['F1.a', 'terraform-apply', false],
      ['F1.b', 'terraform-state-rm', true],
      ['F1.c', 'config-removed-block', false],
    ]);
    expect(f?.proposals[1]?.argv).toEqual(['terraform', 'state', 'rm', 'aws_db_parameter_group.quay-db-pg']);
    expect(f?.proposals[2]?.snippet).toContain('from = aws_db_parameter_group.quay-db-pg');
    expect(f?.proposals[2]?.snippet).toContain('destroy = false');
    expect(f?.evidence['object']).toMatchObject({ import_id: 'quay-db-pg', arn: 'arn:x' });
  });

  it('changed-out-of-band reports only attributes the plan acts on', () => {
    const before = { bucket: 'b', tags: { team: 'quay' }, tags_all: { team: 'quay' }, acceleration_status: '' };
    const after = { bucket: 'b', tags: { team: 'quay', owner: 'mallory' }, tags_all: { team: 'quay', owner: 'mallory' }, acceleration_status: 'Enabled' };
    const [f, ...rest] = diagnose(base({
      plan: plan({
        resource_drift: [rc('aws_s3_bucket.b', ['update'], { before, after })],
        // The plan reverts the tags but (config does not set it) leaves acceleration_status alone.
        resource_changes: [rc('aws_s3_bucket.b', ['update'], { before: after, after: { ...after, tags: before.tags, tags_all: before.tags_all } })],
      }),
    }));
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('changed-out-of-band');
    expect(f?.evidence['attributes']).toEqual([
      { path: 'tags.owner', before: undefined, after: 'mallory' },
      { path: 'tags_all.owner', before: undefined, after: 'mallory' },
    ]);
    expect(f?.proposals.map((p) => p.kind)).toEqual(['terraform-apply', 'terraform-apply-refresh-only']);
  });

  it('drift the plan does not act on (ignore_changes, computed) is not reported', () => {
    expect(diagnose(base({
      plan: plan({
        resource_drift: [rc('aws_s3_bucket.b', ['update'], { before: { tags: {} }, after: { tags: { a: '1' } } })],
        resource_changes: [rc('aws_s3_bucket.b', ['no-op'], { before: { tags: { a: '1' } }, after: { tags: { a: '1' } } })],
      }),
    }))).toEqual([]);
  });

  it.each([
    ['null -> {} on an object the plan updates for another reason', rc('aws_iam_user.u', ['update'], { before: { tags: null, path: '/' }, after: { tags: {}, path: '/' } }),
      rc('aws_iam_user.u', ['update'], { before: { tags: {}, path: '/' }, after: { tags: null, path: '/x/' } })],
    ['any drift of an object the plan deletes (removed from the config)', rc('aws_iam_user.u', ['update'], { before: { tags: null }, after: { tags: { a: '1' } } }),
      rc('aws_iam_user.u', ['delete'], { before: { tags: { a: '1' } }, after: null }, { action_reason: 'delete_because_no_resource_config' })],
  ])('no changed-out-of-band for %s', (_name, drift, planned) => {
    const fs = diagnose(base({ plan: plan({ resource_drift: [drift], resource_changes: [planned], relevant_attributes: [{ resource: 'aws_iam_user.u', attribute: ['tags'] }] }) }));
    expect(fs.filter((f) => f.kind === 'changed-out-of-band')).toEqual([]);
  });

  it('drift of an attribute listed in relevant_attributes is reported even without an update', () => {
    const fs = diagnose(base({
      plan: plan({
        resource_drift: [rc('aws_iam_role.r', ['update'], { before: { arn: 'a1' }, after: { arn: 'a2' } })],
        resource_changes: [rc('aws_iam_role.r', ['no-op'])],
        relevant_attributes: [{ resource: 'aws_iam_role.r', attribute: ['arn'] }],
      }),
    }));
    expect(fs.map((f) => f.kind)).toEqual(['changed-out-of-band']);
  });

  it('renamed-address: unique same-type same-id delete+create, not also deletion-not-enabled', () => {
    const fs = diagnose(base({
      plan: plan({
        resource_changes: [
          rc('aws_s3_bucket.old', ['delete'], { before: { bucket: 'data' }, after: null }, { action_reason: 'delete_because_no_resource_config' }),
          rc('aws_s3_bucket.new', ['create'], { before: null, after: { bucket: 'data' } }),
        ],
      }),
      account: strictAccount,
      probes: [{ address: 'aws_s3_bucket.new', type: 'aws_s3_bucket', importId: 'data', exists: true }],
    }));
    expect(fs.map((f) => f.kind)).toEqual(['renamed-address']);
    // The reference gate refuses the delete half of a rename (log_plan_diff): the run fails, a moved block first.
    expect(fs[0]?.severity).toBe('error');
    expect(fs[0]?.summary).toMatch(/disabled deletions detected/);
    expect(fs[0]?.proposals.map((p) => [p.kind, p.argv ?? p.snippet])).toEqual([
      ['config-moved-block', 'moved {\n  from = aws_s3_bucket.old\n  to   = aws_s3_bucket.new\n}\n'],
      ['terraform-state-mv', ['terraform', 'state', 'mv', 'aws_s3_bucket.old', 'aws_s3_bucket.new']],
      ['inventory-deletion-approval', 'deletionApprovals:\n  - { type: "aws_s3_bucket", name: "old", expiration: "2026-11-28" }\n'],
    ]);
  });

  it('two candidate creates for one delete is not a rename (conservative match)', () => {
    const fs = diagnose(base({
      plan: plan({
        resource_changes: [
          rc('aws_s3_bucket.old', ['delete'], { before: { bucket: 'data' } }, { action_reason: 'delete_because_no_resource_config' }),
          rc('aws_s3_bucket.new1', ['create'], { after: { bucket: 'data' } }),
          rc('aws_s3_bucket.new2', ['create'], { after: { bucket: 'data' } }),
        ],
      }),
      account: strictAccount,
    }));
    expect(fs.map((f) => [f.kind, f.address])).toEqual([['deletion-not-enabled', 'aws_s3_bucket.old']]);
  });

  it('orphaned-in-state when deletion is enabled', () => {
    const fs = diagnose(base({
      plan: plan({ resource_changes: [rc('aws_iam_user.gone', ['delete'], { before: { name: 'gone' } }, { action_reason: 'delete_because_no_resource_config' })] }),
      account: { ...strictAccount, enableDeletion: true },
    }));
    expect(fs.map((f) => f.kind)).toEqual(['orphaned-in-state']);
    expect(fs[0]?.proposals.map((p) => p.kind)).toEqual(['terraform-apply', 'terraform-state-rm', 'config-removed-block']);
  });

  it('deletion-not-enabled for a replacement names the forcing attributes with before/after', () => {
    const fs = diagnose(base({
      plan: plan({
        resource_changes: [rc('aws_db_parameter_group.pg', ['delete', 'create'], {
          before: { name: 'pg', family: 'postgres14' }, after: { name: 'pg', family: 'postgres15' }, replace_paths: [['family']],
        }, { action_reason: 'replace_because_cannot_update' })],
      }),
      account: strictAccount,
    }));
    expect(fs).toHaveLength(1);
    const f = fs[0];
    expect(f?.kind).toBe('deletion-not-enabled');
    expect(f?.evidence['reason']).toBe('replacement');
    expect(f?.evidence['replace_attributes']).toEqual([{ path: 'family', before: 'postgres14', after: 'postgres15' }]);
    expect(f?.summary).toContain('family');
    expect(f?.proposals.map((p) => p.kind)).toEqual(['inventory-deletion-approval']);
    expect(f?.proposals[0]?.snippet).toBe('deletionApprovals:\n  - { type: "aws_db_parameter_group", name: "pg", expiration: "2026-11-28" }\n');
  });

  it('deletion-not-enabled for a removed resource also offers removed block and state rm', () => {
    const [f] = diagnose(base({
      plan: plan({ resource_changes: [rc('aws_dynamodb_table.t', ['delete'], { before: { name: 't' } }, { action_reason: 'delete_because_no_resource_config' })] }),
      account: strictAccount,
    }));
    expect(f?.evidence['reason']).toBe('removed-from-config');
    expect(f?.proposals.map((p) => p.kind)).toEqual(['inventory-deletion-approval', 'config-removed-block', 'terraform-state-rm']);
  });

  it('aws_db_instance with deletion_protection always fails, even with enableDeletion', () => {
    const [f] = diagnose(base({
      plan: plan({ resource_changes: [rc('aws_db_instance.db', ['delete'], { before: { identifier: 'db', deletion_protection: true } }, { action_reason: 'delete_because_no_resource_config' })] }),
      account: { ...strictAccount, enableDeletion: true },
    }));
    expect(f?.kind).toBe('deletion-not-enabled');
    expect((f?.evidence['gate'] as { verdict: string }).verdict).toBe('deletion-protection');
    expect(f?.proposals.map((p) => p.kind)).not.toContain('inventory-deletion-approval');
  });

  it('exists-unmanaged from a probe on a planned create: import argv and import block', () => {
    const [f, ...rest] = diagnose(base({
      plan: plan({ resource_changes: [rc('aws_db_parameter_group.pg', ['create'], { after: { name: 'pg' } })] }),
      probes: [{ address: 'aws_db_parameter_group.pg', type: 'aws_db_parameter_group', importId: 'pg', exists: true }],
    }));
    expect(rest).toEqual([]);
    expect(f?.kind).toBe('exists-unmanaged');
    expect(f?.proposals.map((p) => [p.kind, p.mutatesState])).toEqual([['terraform-import', true], ['config-import-block', false]]);
    expect(f?.proposals[0]?.argv).toEqual(['terraform', 'import', 'aws_db_parameter_group.pg', 'pg']);
    expect(f?.proposals[1]?.snippet).toBe('import {\n  to = aws_db_parameter_group.pg\n  id = "pg"\n}\n');
  });

  it('a probe saying "does not exist" is no finding', () => {
    expect(diagnose(base({
      plan: plan({ resource_changes: [rc('aws_db_parameter_group.pg', ['create'], { after: { name: 'pg' } })] }),
      probes: [{ address: 'aws_db_parameter_group.pg', type: 'aws_db_parameter_group', importId: 'pg', exists: false }],
    }))).toEqual([]);
  });
});

describe('diagnose: diagnostics and text', () => {
  const lockDetail = (created: string) => `Error message: operation error DynamoDB: PutItem, https response error StatusCode: 400, RequestID: x, ConditionalCheckFailedException: The conditional request failed
Lock Info:
  ID:        3f1c2a9e-0b7d-4c55-9a43-1d2e3f4a5b6c
  Path:      tfstate-bucket/qontract-reconcile.tfstate
  Operation: OperationTypeApply
  Who:       alice@build-7
  Version:   1.11.4
  Created:   ${created}
  Info:      


Terraform acquires a state lock to protect the state from being written
by multiple users at the same time. Please resolve the issue above and try
again. For most commands, you can disable locking with the "-lock=false"
flag, but this is not recommended.`;

  it.each([
    ['fresh lock (10 min): no force-unlock', '2026-11-21 11:50:00.123456789 +0000 UTC', false],
    ['stale lock (3 h): force-unlock with checkFirst', '2026-11-21 09:00:00.5 +0000 UTC', true],
  ])('state-lock-held, %s', (_n, created, stale) => {
    const [f] = diagnose(base({ diagnostics: [err('Error acquiring the state lock', lockDetail(created))] }));
    expect(f?.kind).toBe('state-lock-held');
    expect(f?.evidence['lock']).toMatchObject({ id: '3f1c2a9e-0b7d-4c55-9a43-1d2e3f4a5b6c', who: 'alice@build-7', operation: 'OperationTypeApply', path: 'tfstate-bucket/qontract-reconcile.tfstate' });
    expect(f?.evidence['stale']).toBe(stale);
    expect(f?.evidence['backend_error']).toContain('ConditionalCheckFailedException');
    if (stale) {
      expect(f?.proposals[0]?.argv).toEqual(['terraform', 'force-unlock', '-force', '3f1c2a9e-0b7d-4c55-9a43-1d2e3f4a5b6c']);
      expect(f?.proposals[0]?.checkFirst?.join(' ')).toContain('alice@build-7');
    } else {
      expect(f?.proposals).toEqual([]);
      expect(f?.summary).toContain('-lock-timeout');
      expect(f?.evidence['age_seconds']).toBe(600);
    }
  });

  it('lockStaleAfterMs is honoured', () => {
    const [f] = diagnose(base({ diagnostics: [err('Error acquiring the state lock', lockDetail('2026-11-21 11:50:00 +0000 UTC'))], lockStaleAfterMs: 5 * 60 * 1000 }));
    expect(f?.proposals.map((p) => p.kind)).toEqual(['terraform-force-unlock']);
  });

  // Texts below are Terraform's as documented in shared/reference/drift-peers.md:
  // unit inputs, not captured fixtures (persist-state and inconsistent-result
  // cannot be produced against the emulator; the checksum one is also pinned by
  // the captured fixture in test/golden/doctor.test.ts).
  it.each([
    ['state-checksum-mismatch', err('Error refreshing state: state data in S3 does not have the expected content.', 'The checksum calculated for the state stored in S3 does not match the checksum\nstored in DynamoDB.\n\nBucket: b\nKey:    k\nCalculated checksum: aaaa\nStored checksum:     bbbb'), []],
    ['state-write-failed', err('Failed to persist state to backend', 'The error shown above has prevented Terraform from writing the updated state to the\nconfigured backend. To allow for recovery, the state has been written to the file\n"errored.tfstate" in the current working directory.'), ['terraform-state-push']],
    ['provider-inconsistent-result', err('Provider produced inconsistent result after apply', 'When applying changes to aws_s3_bucket.b, provider "provider[\\"registry.terraform.io/hashicorp/aws\\"]" produced an unexpected new value: Root object was present, but now absent.'), ['terraform-import', 'config-import-block']],
    ['unclassified-error', err('Invalid function argument', 'weird'), []],
  ])('%s from its documented text', (kind, diag, proposalKinds) => {
    const fs = diagnose(base({ diagnostics: [diag], plan: plan({ resource_changes: [rc('aws_s3_bucket.b', ['create'], { after: { bucket: 'bkt' } })] }) }));
    expect(fs.map((f) => f.kind)).toEqual([kind]);
    expect(fs[0]?.proposals.map((p) => p.kind)).toEqual(proposalKinds);
  });

  it('state-write-failed proposes the exact state push argv', () => {
    const [f] = diagnose(base({ diagnostics: [err('Failed to persist state to backend', 'written to "errored.tfstate"')] }));
    expect(f?.proposals[0]?.argv).toEqual(['terraform', 'state', 'push', 'errored.tfstate']);
    expect(f?.proposals[0]?.mutatesState).toBe(true);
  });

  it.each([
    'EntityAlreadyExists: User with name svc already exists.',
    'BucketAlreadyOwnedByYou: Your previous request to create the named bucket succeeded',
    'DBParameterGroupAlreadyExists: Parameter group pg already exists',
    'ResourceAlreadyExistsException: The specified log group already exists',
    'InvalidPermission.Duplicate: the specified rule already exists',
  ])('exists-unmanaged from provider error: %s', (msg) => {
    const [f] = diagnose(base({
      diagnostics: [err(`creating thing (pg): operation error X: Create, https response error StatusCode: 400, ${msg}`, '', { address: 'aws_db_parameter_group.pg' })],
      plan: plan({ resource_changes: [rc('aws_db_parameter_group.pg', ['create'], { after: { name: 'pg' } })] }),
    }));
    expect(f?.kind).toBe('exists-unmanaged');
    expect(f?.proposals[0]?.argv).toEqual(['terraform', 'import', 'aws_db_parameter_group.pg', 'pg']);
  });

  it('exists-unmanaged seen by probe and by error is one finding', () => {
    const fs = diagnose(base({
      diagnostics: [err('creating RDS DB Parameter Group (pg): DBParameterGroupAlreadyExists: Parameter group pg already exists', '', { address: 'aws_db_parameter_group.pg' })],
      plan: plan({ resource_changes: [rc('aws_db_parameter_group.pg', ['create'], { after: { name: 'pg' } })] }),
      probes: [{ address: 'aws_db_parameter_group.pg', type: 'aws_db_parameter_group', importId: 'pg', exists: true }],
    }));
    expect(fs.map((f) => f.kind)).toEqual(['exists-unmanaged']);
  });

  const sha = 'a'.repeat(40);
  const good = 'b'.repeat(40);
  const older = 'c'.repeat(40);
  const amis = [{
    address: 'data.aws_ami.workers', account: 'app-sre-stage', region: 'us-east-1', tagName: 'commit', commit: sha, url: 'https://example.com/org/repo',
    available: [
      { commit: older, imageId: 'ami-old', creationDate: '2026-10-01T00:00:00.000Z' },
      { commit: good, imageId: 'ami-new', creationDate: '2026-11-01T00:00:00.000Z' },
    ],
  }];

  it.each([
    ['data source diagnostic', { diagnostics: [err('Your query returned no results. Please change your search criteria and try again.', '', { address: 'data.aws_ami.workers' })] }],
    ['data source diagnostic without address (HCL snippet)', { diagnostics: [err('Your query returned no results. Please change your search criteria and try again.', '', { snippet: { context: 'data "aws_ami" "workers"', code: 'data "aws_ami" "workers" {', start_line: 1 } })] }],
    ['new reconciler message', { text: `[workers] could not find ami specified in image section in account app-sre-stage, image definition {'provider': 'git', 'tag_name': 'commit', 'ref': '${sha}'}` }],
    ['old reconciler message', { text: `2026-11-21 ERROR could not find ami for commit ${sha} in account app-sre-stage` }],
  ])('ami-not-found from %s, pinned to the newest commit with an AMI', (_n, over) => {
    const fs = diagnose(base({ amis, ...over }));
    expect(fs.map((f) => f.kind)).toEqual(['ami-not-found']);
    const f = fs[0];
    expect(f?.address).toBe('data.aws_ami.workers');
    expect(f?.evidence).toMatchObject({ account: 'app-sre-stage', region: 'us-east-1', commit: sha });
    expect(f?.summary).toMatch(/build failed|not shared/);
    expect(f?.proposals.map((p) => p.kind)).toEqual(['inventory-pin-image-ref']);
    expect(f?.proposals[0]?.snippet).toContain(`ref: "${good}"`);
  });

  it('an unclassified error is kept raw; a known hint is attached', () => {
    const fs = diagnose(base({ diagnostics: [err('Saved plan is stale', 'The given plan file can no longer be applied')] }));
    expect(fs).toHaveLength(1);
    expect(fs[0]?.kind).toBe('unclassified-error');
    expect(fs[0]?.evidence['diagnostic']).toMatchObject({ summary: 'Saved plan is stale', detail: 'The given plan file can no longer be applied' });
    expect(fs[0]?.evidence['hint']).toContain('plan again');
  });

  it('pasted human output (framed) is read, and duplicates of JSON diagnostics are dropped', () => {
    const text = [
      '╷',
      '│ Error: Error acquiring the state lock',
      '│ ',
      '│ Error message: ConditionalCheckFailedException: The conditional request failed',
      '│ Lock Info:',
      '│   ID:        3f1c2a9e-0b7d-4c55-9a43-1d2e3f4a5b6c',
      '│   Who:       bob@laptop',
      '│   Created:   2026-11-21 11:00:00 +0000 UTC',
      '╵',
      '╷',
      '│ Error: Something new',
      '│ ',
      '│ never seen before',
      '╵',
    ].join('\n');
    const fs = diagnose(base({ text, diagnostics: [err('Something new', 'never seen before')] }));
    expect(fs.map((f) => f.kind)).toEqual(['state-lock-held', 'unclassified-error']);
    expect(fs[0]?.evidence['lock']).toMatchObject({ who: 'bob@laptop' });
  });

  it('ids are stable and ordered by kind, then address', () => {
    const input = base({
      diagnostics: [err('boom')],
      plan: plan({
        resource_drift: [
          rc('aws_s3_bucket.z', ['delete'], { before: { bucket: 'z' } }),
          rc('aws_s3_bucket.a', ['delete'], { before: { bucket: 'a' } }),
        ],
      }),
    });
    const fs = diagnose(input);
    expect(fs.map((f) => `${f.id}:${f.kind}:${f.address ?? ''}`)).toEqual([
      'F1:deleted-out-of-band:aws_s3_bucket.a', 'F2:deleted-out-of-band:aws_s3_bucket.z', 'F3:unclassified-error:',
    ]);
    expect(diagnose(input)).toEqual(fs);
  });
});

describe('diagnose: hostile input', () => {
  it('refuses an invalid now', () => {
    expect(() => diagnose(base({ now: new Date('nope') }))).toThrow(/now/);
  });

  it('an address that is not Terraform-shaped gets no argv', () => {
    const [f] = diagnose(base({
      plan: plan({ resource_drift: [rc('-lock=false', ['delete'], { before: {} })] }),
    }));
    expect(f?.kind).toBe('deleted-out-of-band');
    expect(f?.proposals.flatMap((p) => p.argv ?? [])).not.toContain('-lock=false');
    expect(f?.proposals.every((p) => !p.mutatesState)).toBe(true);
  });

  it('an import id starting with "-" gets only the import block, escaped for HCL', () => {
    const [f] = diagnose(base({
      plan: plan({ resource_changes: [rc('aws_s3_bucket.b', ['create'], { after: { bucket: '-state=${file("x")}' } })] }),
      probes: [{ address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', importId: '-state=${file("x")}', exists: true }],
    }));
    expect(f?.proposals.map((p) => p.kind)).toEqual(['config-import-block']);
    expect(f?.proposals[0]?.snippet).toContain('id = "-state=$${file(\\"x\\")}"');
  });
});
