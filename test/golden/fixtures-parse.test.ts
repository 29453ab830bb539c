/**
 * Every captured fixture (scripts/capture-fixtures.ts, real terraform + AWS
 * provider + moto) parses with tfdoctor's schemas, and says what its scenario
 * claims. If a Terraform upgrade changes a document's shape, this fails first.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticsOf, parseUiStream, PlanJson, RawState, rawStateAddresses, type PlanJson as PlanJsonT } from '../../src/state/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/captured');
const scenarios = readdirSync(ROOT).filter((d) => existsSync(path.join(ROOT, d, 'meta.json'))).sort();
const read = (s: string, f: string) => readFileSync(path.join(ROOT, s, f), 'utf8');
const json = (s: string, f: string): unknown => JSON.parse(read(s, f));
const plan = (s: string): PlanJsonT => PlanJson.parse(json(s, 'plan.json'));
const actionsOf = (changes: PlanJsonT['resource_changes']) => Object.fromEntries((changes ?? []).map((r) => [r.address, r.change.actions.join(',')]));

describe('captured fixtures parse', () => {
  it('has all the scenarios the doctor needs', () => {
    expect(scenarios).toEqual(expect.arrayContaining([
      'ami-not-found', 'changed-out-of-band', 'checksum-mismatch', 'clean', 'deleted-out-of-band',
      'exists-unmanaged', 'lock-held', 'removed-from-config', 'renamed', 'replace-forced',
    ]));
  });

  describe.each(scenarios)('%s', (s) => {
    const meta = json(s, 'meta.json') as Record<string, unknown>;

    it('records the versions it was captured with', () => {
      expect(meta['terraform_version']).toMatch(/^\d+\.\d+\.\d+/);
      expect(meta['provider_selections']).toHaveProperty(['registry.terraform.io/hashicorp/aws']);
      expect(Number.isNaN(Date.parse(String(meta['captured_at'])))).toBe(false);
    });

    it('every UI stream line is a message, and the diagnostics file matches the stream', () => {
      for (const f of readdirSync(path.join(ROOT, s)).filter((n) => n.endsWith('-stream.jsonl'))) {
        const { messages, other } = parseUiStream(read(s, f));
        expect(other, f).toEqual([]);
        expect(messages.length, f).toBeGreaterThan(0);
        const diagFile = f === 'plan-stream.jsonl' ? 'diagnostics.json' : f.replace('-stream.jsonl', '-diagnostics.json');
        expect(diagnosticsOf(messages), f).toEqual(json(s, diagFile));
      }
    });

    it('plan JSON (when terraform wrote a plan file) and raw state (when readable) parse', () => {
      // Terraform writes no plan file when the lock or the backend failed, and the
      // backend refuses the state on a checksum mismatch: meta.json says which.
      expect(existsSync(path.join(ROOT, s, 'plan.json'))).toBe(meta['plan_file_written']);
      expect(existsSync(path.join(ROOT, s, 'state.json'))).toBe(meta['state_pulled']);
      if (meta['plan_file_written']) expect(plan(s).terraform_version).toBe(meta['terraform_version']);
      if (meta['state_pulled']) {
        const st = RawState.parse(json(s, 'state.json'));
        // An S3 backend with no state object yet: `state pull` prints an empty state with lineage "" (1.11.4).
        if (st.lineage === '') expect([st.serial, st.resources.length]).toEqual([0, 0]);
        else expect(st.lineage).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      }
    });
  });
});

describe('captured fixtures show their scenario', () => {
  it('clean: exit 0, every resource no-op, three in state', () => {
    expect((json('clean', 'meta.json') as { plan_exit_code: number }).plan_exit_code).toBe(0);
    expect(Object.values(actionsOf(plan('clean').resource_changes))).toEqual(['no-op', 'no-op', 'no-op']);
    expect(rawStateAddresses(RawState.parse(json('clean', 'state.json'))).sort()).toEqual([
      'aws_db_parameter_group.quay-db-pg', 'aws_iam_user.quay-ci', 'aws_s3_bucket.quay-assets',
    ]);
  });

  it('deleted-out-of-band: drift delete, then create', () => {
    const p = plan('deleted-out-of-band');
    expect(actionsOf(p.resource_drift)).toEqual({ 'aws_db_parameter_group.quay-db-pg': 'delete' });
    expect(actionsOf(p.resource_changes)['aws_db_parameter_group.quay-db-pg']).toBe('create');
  });

  it('changed-out-of-band: drift update carrying the new tag', () => {
    const p = plan('changed-out-of-band');
    const d = p.resource_drift?.find((r) => r.address === 'aws_db_parameter_group.quay-db-pg');
    expect(d?.change.actions).toEqual(['update']);
    expect((d?.change.after as { tags?: Record<string, string> }).tags).toMatchObject({ owner: 'someone-in-the-console' });
  });

  it('exists-unmanaged: probe imports the existing one, apply fails "already exists"', () => {
    const probe = PlanJson.parse(json('exists-unmanaged', 'probe-plan.json'));
    const importing = (probe.resource_changes ?? []).filter((r) => r.change.importing).map((r) => [r.address, r.change.importing?.id]);
    expect(importing).toEqual([['aws_db_parameter_group.quay-db-pg', 'quay-db-pg']]);
    const probeDiags = json('exists-unmanaged', 'probe-plan-diagnostics.json') as { summary: string; detail: string }[];
    expect(probeDiags.map((d) => d.summary)).toEqual(['Cannot import non-existent remote object', 'Cannot import non-existent remote object']);
    expect(probeDiags.map((d) => /to "([^"]+)"/.exec(d.detail)?.[1]).sort()).toEqual(['aws_iam_user.quay-ci', 'aws_s3_bucket.quay-assets']);
    const applyDiags = json('exists-unmanaged', 'apply-diagnostics.json') as { summary: string; address?: string }[];
    expect(applyDiags).toHaveLength(1);
    expect(applyDiags[0]?.address).toBe('aws_db_parameter_group.quay-db-pg');
    expect(applyDiags[0]?.summary).toContain('DBParameterGroupAlreadyExists');
  });

  it('removed-from-config: delete because no resource config', () => {
    const r = plan('removed-from-config').resource_changes?.find((c) => c.address === 'aws_iam_user.quay-ci');
    expect(r?.change.actions).toEqual(['delete']);
    expect(r?.action_reason).toBe('delete_because_no_resource_config');
  });

  it('renamed: delete the old address, create the new one with the same name', () => {
    const a = actionsOf(plan('renamed').resource_changes);
    expect(a['aws_db_parameter_group.quay-db-pg']).toBe('delete');
    expect(a['aws_db_parameter_group.quay-db-pg-renamed']).toBe('create');
  });

  it('replace-forced: delete+create because "family" cannot be updated', () => {
    const r = plan('replace-forced').resource_changes?.find((c) => c.address === 'aws_db_parameter_group.quay-db-pg');
    expect(r?.change.actions).toEqual(['delete', 'create']);
    expect(r?.action_reason).toBe('replace_because_cannot_update');
    expect(r?.change.replace_paths).toEqual([['family']]);
  });

  it('lock-held: exit 1, lock info with who and id, no plan file', () => {
    const meta = json('lock-held', 'meta.json') as { plan_exit_code: number; plan_file_written: boolean; lock_id: string };
    expect(meta.plan_exit_code).toBe(1);
    expect(meta.plan_file_written).toBe(false);
    const [d] = json('lock-held', 'diagnostics.json') as { summary: string; detail: string }[];
    expect(d?.summary).toBe('Error acquiring the state lock');
    expect(d?.detail).toContain(`ID:        ${meta.lock_id}`);
    expect(d?.detail).toContain('Who:       alice@workstation');
  });

  it('ami-not-found: data source error with its address, errored plan', () => {
    const [d] = json('ami-not-found', 'diagnostics.json') as { summary: string; address?: string }[];
    expect(d?.summary).toMatch(/^Your query returned no results/);
    expect(d?.address).toBe('data.aws_ami.image-builder-workers');
    expect(plan('ami-not-found').errored).toBe(true);
  });

  it('checksum-mismatch: the backend refuses the state, with both checksums', () => {
    const [d] = json('checksum-mismatch', 'diagnostics.json') as { summary: string; detail: string }[];
    expect(d?.summary).toContain('state data in S3 does not have the expected content');
    expect(`${d?.summary}\n${d?.detail}`).toMatch(/Stored checksum:\s+[0-9a-f]{32}/);
  });
});
