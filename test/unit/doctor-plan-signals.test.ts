// Plan-level signals (issue 15): errored/complete, what a drift's plan sets, why a replace/delete happens, the plan mode.
import { describe, expect, it } from 'vitest';
import { ACTION_REASONS } from '../../src/doctor/classify-plan.js';
import { diagnose } from '../../src/doctor/diagnose.js';
import type { AccountGate } from '../../src/doctor/types.js';
import { NOW, plan, rc } from './doctor-helpers.js';

const strict: AccountGate = { name: 'acct', enableDeletion: false, deletionApprovals: [] };

describe('plan-errored', () => {
  it.each([
    ['errored: true, no diagnostics', { errored: true, complete: false, applyable: false }, [], 'error', /plan failed/],
    ['errored: true with a precondition diagnostic (a warning one only)', { errored: true, complete: false }, [{ severity: 'warning' as const, summary: 'Deprecated', detail: '' }], 'error', /plan failed/],
    ['complete: false, not errored', { errored: false, complete: false, applyable: true }, [], 'warning', /incomplete/],
  ])('%s', (_n, flags, diagnostics, severity, words) => {
    const fs = diagnose({ plan: plan(flags), diagnostics, now: NOW });
    expect(fs.map((f) => [f.kind, f.severity])).toEqual([['plan-errored', severity]]);
    expect(fs[0]?.summary).toMatch(words);
  });

  it('applyable: false on a clean plan (nothing to apply) is no finding', () => {
    expect(diagnose({ plan: plan({ errored: false, complete: true, applyable: false }), diagnostics: [], now: NOW })).toEqual([]);
  });
});

describe('changed-out-of-band: what the plan sets', () => {
  const drift = rc('aws_iam_role.r', ['update'], { before: { tags: { team: 'a' } }, after: { tags: { team: 'hand' } } });
  it.each([
    ['back to the value from before the drift', { team: 'a' }, /reverts it to the configuration's value/, 'a'],
    ['a third value (the config changed too)', { team: 'b' }, /sets a new value/, 'b'],
  ])('%s', (_n, tags, words, planned) => {
    const fs = diagnose({
      plan: plan({ resource_drift: [drift], resource_changes: [rc('aws_iam_role.r', ['update'], { before: { tags: { team: 'hand' } }, after: { tags } })] }),
      diagnostics: [], now: NOW,
    });
    expect(fs[0]?.summary).toMatch(words);
    expect(fs[0]?.evidence['attributes']).toEqual([{ path: 'tags.team', before: 'a', after: 'hand', planned }]);
  });

  it('refresh-only: drift the plan does not act on is the point, and no gate finding', () => {
    const fs = diagnose({
      plan: plan({ resource_drift: [drift], resource_changes: [rc('aws_s3_bucket.b', ['delete'], { before: { bucket: 'b' } }, { action_reason: 'delete_because_no_resource_config' })] }),
      diagnostics: [], account: strict, planMode: 'refresh-only', now: NOW,
    });
    expect(fs.map((f) => f.kind)).toEqual(['changed-out-of-band']);
    expect(fs[0]?.summary).toMatch(/refresh-only plan would accept it/);
  });
});

describe('deletion-not-enabled: why terraform plans the delete (action_reason, terraform 1.11)', () => {
  it.each([
    ['replace_because_tainted', ['delete', 'create'], undefined, /tainted/],
    ['replace_by_request', ['delete', 'create'], undefined, /-replace/],
    ['replace_by_triggers', ['create', 'delete'], undefined, /replace_triggered_by/],
    ['replace_because_cannot_update', ['delete', 'create'], [['name']], /name cannot be changed in place/],
    ['delete_because_each_key', ['delete'], undefined, /for_each key/],
    ['delete_because_no_move_target', ['delete'], undefined, /moved block/],
    [undefined, ['delete'], undefined, /plan -destroy/],
  ] as const)('%s', (reason, actions, replace_paths, words) => {
    const fs = diagnose({
      plan: plan({ resource_changes: [rc('aws_s3_bucket.b', [...actions], { before: { bucket: 'b' }, ...(replace_paths ? { replace_paths: replace_paths.map((p) => [...p]) } : {}) }, reason ? { action_reason: reason } : {})] }),
      diagnostics: [], account: strict, now: NOW,
    });
    const f = fs.find((x) => x.kind === 'deletion-not-enabled');
    expect(f?.summary).toMatch(words);
  });

  it('every replace/delete reason in the table is said in words', () => {
    for (const r of ['replace_because_tainted', 'replace_because_cannot_update', 'replace_by_request', 'replace_by_triggers', 'delete_because_no_resource_config', 'delete_because_no_module', 'delete_because_wrong_repetition', 'delete_because_count_index', 'delete_because_each_key', 'delete_because_no_move_target']) {
      expect(ACTION_REASONS[r]).toBeTruthy();
    }
  });
});
