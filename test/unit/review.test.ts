/** The pure parts of `tfdoctor review`: the order, the walk (with a scripted terminal), the record. */
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/doctor/report.js';
import type { Repair } from '../../src/repair/index.js';
import {
  nextCommands,
  renderReviewRecord,
  reviewOrder,
  runReviewSession,
  type Decision,
  type FindingAction,
  type ReviewIO,
  type SummaryAction,
} from '../../src/review/index.js';

function finding(id: string, severity: Finding['severity'], proposals: Finding['proposals'], kind: Finding['kind'] = 'deleted-out-of-band'): Finding {
  return { id, kind, severity, address: `aws_s3_bucket.${id.toLowerCase()}`, summary: `${id} summary`, evidence: {}, proposals } as Finding;
}
const rm = (fid: string, letter = 'b'): Finding['proposals'][number] => ({ id: `${fid}.${letter}`, kind: 'terraform-state-rm', argv: ['terraform', 'state', 'rm', `aws_s3_bucket.${fid.toLowerCase()}`], mutatesState: true, why: 'forget it' });
const applyP = (fid: string): Finding['proposals'][number] => ({ id: `${fid}.a`, kind: 'terraform-apply', argv: ['terraform', 'apply'], mutatesState: false, why: 'recreate it' });
const unlock = (fid: string): Finding['proposals'][number] => ({ id: `${fid}.a`, kind: 'terraform-force-unlock', argv: ['terraform', 'force-unlock', '-force', '0b5a3b9c-1111-2222-3333-444455556666'], mutatesState: true, why: 'stale lock' });

function reportOf(findings: Finding[]): Report {
  return { tool: 'tfdoctor', version: '0.0.0', schemaVersion: 1, target: { dir: '/tf', account: 'acct' }, terraform: { version: '1.11.4' }, state: { lineage: 'lin-1', serial: 7 }, findings };
}

function fakeRepair(ids: readonly string[], report: Report): Repair {
  const proposals = ids.map((id) => {
    const f = report.findings.find((x) => x.proposals.some((p) => p.id === id)) as Finding;
    const p = f.proposals.find((x) => x.id === id) as Finding['proposals'][number];
    return { id, findingId: f.id, findingKind: f.kind, kind: p.kind, argv: p.argv ?? [], why: p.why, ...(f.address ? { address: f.address } : {}) };
  });
  return {
    repairVersion: 2, nonce: 'n', target: { dir: '/tf', account: 'acct' }, proposals,
    state: { lineage: 'lin-1', serial: 7, sha256: 'a'.repeat(64) },
    prediction: {
      before: { changes: {}, drift: {}, errored: false, errors: [] },
      after: { changes: Object.fromEntries(proposals.map((p) => [p.address ?? '', 'create'])), drift: {}, errored: false, errors: [] },
      rehearsedAt: '2026-12-03T10:00:00.000Z',
    },
    proposer: 'alice', createdAt: '2026-12-03T10:00:00.000Z', expiresAt: '2026-12-04T10:00:00.000Z', hash: 'f'.repeat(64), approvals: [],
  };
}

type Step = FindingAction | { confirm: boolean } | { reason: string } | { summary: SummaryAction };

/** A terminal that answers from a script and remembers what it was shown. */
function scripted(steps: Step[]) {
  const shown: string[] = [];
  const problems: string[] = [];
  const next = <T extends Step>(what: string): T => {
    const s = steps.shift();
    if (!s) throw new Error(`script ran out at ${what}`);
    return s as T;
  };
  const io: ReviewIO = {
    showFinding: (f, at, cur) => shown.push(`${at.index + 1}/${at.count} ${f.id}${cur ? ` [${cur.type}]` : ''}`),
    chooseAction: async () => next<FindingAction>('action'),
    confirmStateEdit: async (p) => { shown.push(`rehearsed ${p.id}`); return next<{ confirm: boolean }>('confirm').confirm; },
    confirmOutside: async (p) => { shown.push(`outside ${p.id}`); return next<{ confirm: boolean }>('confirm').confirm; },
    askSkipReason: async () => next<{ reason: string }>('reason').reason,
    showProblem: (m) => problems.push(m),
    chooseAtSummary: async () => next<{ summary: SummaryAction }>('summary').summary,
  };
  return { io, shown, problems, left: steps };
}

describe('reviewOrder', () => {
  it('errors, then warnings, then info; the report order within a severity', () => {
    const fs = [finding('F1', 'info', []), finding('F2', 'error', []), finding('F3', 'warning', []), finding('F4', 'error', []), finding('F5', 'info', [])];
    expect(reviewOrder(fs).map((f) => f.id)).toEqual(['F2', 'F4', 'F3', 'F1', 'F5']);
    expect(fs.map((f) => f.id)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']); // not sorted in place
  });
});

describe('runReviewSession', () => {
  it('skip with a reason, back, forward, choose a state edit after its rehearsal, summary back, write', async () => {
    const report = reportOf([finding('F1', 'warning', [applyP('F1'), rm('F1')]), finding('F2', 'error', [applyP('F2'), rm('F2')])]);
    const previews: string[][] = [];
    const t = scripted([
      { type: 'skip' }, { reason: '   ' }, // an empty reason is no decision: asked again at the same finding
      { type: 'skip' }, { reason: 'recreate it with the normal apply' },
      { type: 'back' }, // back to F2 (first: errors first)
      { type: 'forward' },
      { type: 'choose', proposalId: 'F1.b' }, { confirm: false }, // rehearsed, declined: still at F1
      { type: 'choose', proposalId: 'F1.b' }, { confirm: true }, // the rehearsal is not run twice
      { summary: 'back' },
      { type: 'stop' },
      { summary: 'write' },
    ]);
    const out = await runReviewSession({ report, io: t.io, preview: async (ids) => { previews.push([...ids]); return fakeRepair(ids, report); } });
    expect(t.left).toEqual([]);
    expect(out.outcome).toBe('write');
    expect(out.order.map((f) => f.id)).toEqual(['F2', 'F1']);
    expect(out.stateEditIds).toEqual(['F1.b']);
    expect(previews).toEqual([['F1.b']]);
    expect(out.decisions.get('F2')).toEqual({ type: 'skipped', reason: 'recreate it with the normal apply' });
    expect(out.decisions.get('F1')).toMatchObject({ type: 'state-edit', proposalId: 'F1.b' });
    expect(t.shown).toEqual(['1/2 F2', '1/2 F2', '2/2 F1', '1/2 F2 [skipped]', '2/2 F1', 'rehearsed F1.b', '2/2 F1', 'rehearsed F1.b', '2/2 F1 [state-edit]']);
  });

  it('a proposal that is not a guarded state edit is recorded as done outside, with what to do instead', async () => {
    const report = reportOf([finding('F1', 'error', [applyP('F1'), rm('F1')])]);
    const t = scripted([{ type: 'choose', proposalId: 'F1.a' }, { confirm: true }, { summary: 'write' }]);
    const out = await runReviewSession({ report, io: t.io, preview: () => { throw new Error('no rehearsal for an apply'); } });
    const d = out.decisions.get('F1') as Extract<Decision, { type: 'outside' }>;
    expect(d.type).toBe('outside');
    expect(d.note).toMatch(/normal reviewed plan\/apply pipeline/);
    expect(out.stateEditIds).toEqual([]);
  });

  it('a force-unlock cannot join other state edits: refused at the choice, the walk goes on', async () => {
    const report = reportOf([finding('F1', 'error', [rm('F1')]), finding('F2', 'error', [unlock('F2')], 'state-lock-held')]);
    const t = scripted([
      { type: 'choose', proposalId: 'F1.b' }, { confirm: true },
      { type: 'choose', proposalId: 'F2.a' },
      { type: 'stop' }, { summary: 'quit' },
    ]);
    const out = await runReviewSession({ report, io: t.io, preview: async (ids) => fakeRepair(ids, report) });
    expect(out.outcome).toBe('quit');
    expect(out.stateEditIds).toEqual(['F1.b']);
    expect(t.problems).toEqual([expect.stringMatching(/^F2\.a cannot go into one repair with F1\.b: a force-unlock repair must be proposed on its own/)]);
  });

  it('a refused rehearsal is shown and nothing is decided', async () => {
    const report = reportOf([finding('F1', 'error', [rm('F1')])]);
    const t = scripted([{ type: 'choose', proposalId: 'F1.b' }, { type: 'stop' }, { summary: 'write' }]);
    const out = await runReviewSession({ report, io: t.io, preview: async () => { throw new Error('rehearsal: the plan would delete something else'); } });
    expect(t.problems).toEqual(['F1.b was not rehearsed: rehearsal: the plan would delete something else']);
    expect(out.decisions.size).toBe(0);
  });
});

describe('renderReviewRecord', () => {
  const report = reportOf([
    finding('F1', 'warning', [rm('F1')]),
    finding('F2', 'error', [applyP('F2')]),
    { ...finding('F3', 'info', []), summary: 'a | pipe\u001b[2J and an escape' },
  ]);
  const order = reviewOrder(report.findings);
  const decisions = new Map<string, Decision>([
    ['F1', { type: 'state-edit', proposalId: 'F1.b', preview: fakeRepair(['F1.b'], report) }],
    ['F2', { type: 'skipped', reason: 'owner | asked to wait' }],
  ]);
  const repair = { file: 'repair-x.json', repair: fakeRepair(['F1.b'], report) };
  const next = nextCommands({ repairFile: 'repair-x.json', partner: 'bob', applier: 'alice' });
  const md = renderReviewRecord({
    report, reportFile: 'report.json', reviewer: 'alice', partner: 'bob',
    startedAt: new Date('2026-12-03T10:00:00Z'), finishedAt: new Date('2026-12-03T10:20:00Z'), order, decisions, repair, next,
  });

  it('says who, when, which report, and counts', () => {
    expect(md).toContain('# tfdoctor review: acct');
    expect(md).toContain('- Reviewed by: alice with bob');
    expect(md).toContain('- When: 2026-12-03T10:00:00.000Z to 2026-12-03T10:20:00.000Z');
    expect(md).toContain('- Report: `report.json` (account acct, dir /tf, terraform 1.11.4, state lineage lin-1 serial 7)');
    expect(md).toContain('- Findings: 3; 1 with a proposal chosen, 1 skipped, 1 not reviewed');
    expect(md).toContain(`- Repair file: \`repair-x.json\` (repair ${'f'.repeat(16)}: F1.b), proposed by alice, expires 2026-12-04T10:00:00.000Z`);
  });

  it('one table row per finding in review order, pipes escaped, control characters made visible', () => {
    const rows = md.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows).toEqual([
      '| 1 | F2 deleted-out-of-band | error | aws_s3_bucket.f2 | skipped | owner \\| asked to wait |',
      '| 2 | F1 deleted-out-of-band | warning | aws_s3_bucket.f1 | F1.b: state edit, in the repair file | forget it |',
      '| 3 | F3 deleted-out-of-band | info | aws_s3_bucket.f3 | not reviewed |  |',
    ]);
    expect(md).not.toContain('\u001b');
    expect(md).toContain('a | pipe\\x1b[2J and an escape');
  });

  it('each finding: the decision, the command, the rehearsed result; then the exact next commands', () => {
    expect(md).toContain('Decision: left alone. Reason: owner | asked to wait');
    expect(md).toContain('Decision: F1.b (terraform-state-rm), a state edit in the repair file.');
    expect(md).toContain('    $ terraform state rm aws_s3_bucket.f1');
    expect(md).toContain('      create aws_s3_bucket.f1 (new: no change before the repair)');
    expect(md).toContain('Decision: not reviewed (the session stopped before it).');
    expect(next).toEqual([
      'tfdoctor repair approve repair-x.json --as bob --key PARTNER_KEYFILE',
      'tfdoctor repair apply repair-x.json --as alice --approvers APPROVERS_FILE',
    ]);
    expect(md.trimEnd().endsWith(['## Next', '', ...next.map((c) => `    ${c}`)].join('\n'))).toBe(true);
  });

  it('nextCommands quotes what a shell would split, and names no partner it does not know', () => {
    expect(nextCommands({ repairFile: 'my repair.json', applier: 'alice' })[0]).toBe("tfdoctor repair approve 'my repair.json' --as PARTNER --key PARTNER_KEYFILE");
  });
});

describe('the review screen (cli/render/review.ts)', () => {
  it('adds the plan entries behind a finding (with terraform\'s reason) and a held lock\'s age', async () => {
    const { extraEvidenceLines, renderReviewFinding } = await import('../../cli/render/review.js');
    const renamed = {
      id: 'F2', kind: 'renamed-address', severity: 'warning', address: 'aws_iam_user.a', summary: 'renamed', proposals: [],
      evidence: { from: { address: 'aws_iam_user.a', type: 'aws_iam_user', name: 'a', actions: ['delete'], action_reason: 'delete_because_no_resource_config' }, to: { address: 'aws_iam_user.b', type: 'aws_iam_user', name: 'b', actions: ['create'] }, import_id: 'a' },
    } as Finding;
    expect(extraEvidenceLines(renamed, new Date())).toEqual([
      '     from: delete aws_iam_user.a (delete_because_no_resource_config)',
      '     to: create aws_iam_user.b',
    ]);
    const lock = { id: 'F1', kind: 'state-lock-held', severity: 'error', summary: 'held', proposals: [], evidence: { lock: { id: 'x', who: 'ci@runner', createdIso: '2026-12-03T07:00:00.000Z' } } } as Finding;
    expect(extraEvidenceLines(lock, new Date('2026-12-03T10:00:00Z'))).toEqual(['     lock age: 3 h']);
    const screen = renderReviewFinding(renamed, { index: 1, count: 2 }, { type: 'skipped', reason: 'later' }, { color: false, now: new Date() });
    expect(screen).toContain('── finding 2 of 2 · WARNING · F2 renamed-address ──');
    expect(screen).toContain('   decided so far: skipped');
  });
});
