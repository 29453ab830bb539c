/**
 * The doctor over REAL captured fixtures (fixtures/captured/<scenario>/, written
 * by scripts/capture-fixtures.ts from terraform 1.11.4 + hashicorp/aws 5.100.0
 * against moto 5.2.1). Nothing here is hand-typed Terraform output.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderMarkdown } from '../../cli/render/markdown.js';
import { renderTerminal } from '../../cli/render/terminal.js';
import { compareWithBaseline, findingFingerprint } from '../../src/doctor/baseline.js';
import { buildReport } from '../../src/doctor/build-report.js';
import { diagnose } from '../../src/doctor/diagnose.js';
import { Report } from '../../src/doctor/report.js';
import { DIAGNOSTIC_PATTERNS, EXTRACT, type Extractor } from '../../src/doctor/patterns.js';
import type { AccountGate, AmiLookup, ExistsProbe } from '../../src/doctor/types.js';
import { Diagnostic, PlanJson } from '../../src/tfjson/index.js';

const ROOT = new URL('../../fixtures/captured/', import.meta.url);
const strict: AccountGate = { name: 'app-sre-stage', enableDeletion: false, deletionApprovals: [] };
const open: AccountGate = { ...strict, enableDeletion: true };

function file(scenario: string, name: string): string {
  return readFileSync(new URL(`${scenario}/${name}`, ROOT), 'utf8');
}
function has(scenario: string, name: string): boolean {
  return existsSync(new URL(`${scenario}/${name}`, ROOT));
}
function planOf(scenario: string, name = 'plan.json'): PlanJson | undefined {
  return has(scenario, name) ? PlanJson.parse(JSON.parse(file(scenario, name))) : undefined;
}
function diagsOf(scenario: string, name = 'diagnostics.json'): Diagnostic[] {
  return z.array(Diagnostic).parse(JSON.parse(file(scenario, name)));
}
function meta(scenario: string): Record<string, unknown> {
  return JSON.parse(file(scenario, 'meta.json')) as Record<string, unknown>;
}
/** The report time: when the fixture was captured (lock ages are relative to it). */
function capturedAt(scenario: string): Date {
  return new Date(String(meta(scenario)['captured_at']));
}
function run(scenario: string, over: { account?: AccountGate; probes?: ExistsProbe[]; amis?: AmiLookup[]; diagnostics?: Diagnostic[]; now?: Date } = {}) {
  return diagnose({
    plan: planOf(scenario),
    diagnostics: over.diagnostics ?? diagsOf(scenario),
    account: over.account ?? strict,
    ...(over.probes ? { probes: over.probes } : {}),
    ...(over.amis ? { amis: over.amis } : {}),
    now: over.now ?? capturedAt(scenario),
  });
}

describe('golden: doctor over captured fixtures', () => {
  it('clean: a clean plan yields no findings', () => {
    expect(meta('clean')['plan_exit_code']).toBe(0);
    expect(run('clean')).toEqual([]);
  });

  it('deleted-out-of-band: the SDK-deleted parameter group', () => {
    const fs = run('deleted-out-of-band');
    expect(fs.map((f) => [f.kind, f.address])).toEqual([['deleted-out-of-band', 'aws_db_parameter_group.quay-db-pg']]);
    expect(fs[0]?.proposals.map((p) => p.kind)).toEqual(['terraform-apply', 'terraform-state-rm', 'config-removed-block']);
    expect(fs[0]?.proposals[1]?.argv).toEqual(['terraform', 'state', 'rm', 'aws_db_parameter_group.quay-db-pg']);
  });

  it('changed-out-of-band: the console tag, and nothing else', () => {
    const fs = run('changed-out-of-band');
    expect(fs.map((f) => [f.kind, f.address])).toEqual([['changed-out-of-band', 'aws_db_parameter_group.quay-db-pg']]);
    const paths = (fs[0]?.evidence['attributes'] as Array<{ path: string; after: unknown }>).map((a) => [a.path, a.after]);
    expect(paths).toEqual([['tags.owner', 'someone-in-the-console'], ['tags_all.owner', 'someone-in-the-console']]);
  });

  it('exists-unmanaged: probe plan (import blocks) says which object exists; the apply error agrees', () => {
    const probePlan = planOf('exists-unmanaged', 'probe-plan.json');
    // What the probe tells: an import block that plans an import means the object exists.
    const probes: ExistsProbe[] = (probePlan?.resource_changes ?? []).filter((rc) => rc.change.importing?.id).map((rc) => ({
      address: rc.address, type: rc.type, importId: rc.change.importing?.id ?? '', exists: true,
    }));
    expect(probes.map((p) => p.address)).toEqual(['aws_db_parameter_group.quay-db-pg']);
    const fromProbe = run('exists-unmanaged', { probes });
    expect(fromProbe.map((f) => [f.kind, f.address])).toEqual([['exists-unmanaged', 'aws_db_parameter_group.quay-db-pg']]);
    expect(fromProbe[0]?.proposals.map((p) => p.argv ?? p.snippet)).toEqual([
      ['terraform', 'import', 'aws_db_parameter_group.quay-db-pg', 'quay-db-pg'],
      'import {\n  to = aws_db_parameter_group.quay-db-pg\n  id = "quay-db-pg"\n}\n',
    ]);
    const fromApply = run('exists-unmanaged', { diagnostics: diagsOf('exists-unmanaged', 'apply-diagnostics.json') });
    expect(fromApply.map((f) => [f.kind, f.address])).toEqual([['exists-unmanaged', 'aws_db_parameter_group.quay-db-pg']]);
    expect(fromApply[0]?.evidence['error_code']).toBe('DBParameterGroupAlreadyExists');
    expect(fromApply[0]?.proposals[0]?.argv).toEqual(['terraform', 'import', 'aws_db_parameter_group.quay-db-pg', 'quay-db-pg']);
  });

  it('removed-from-config: refused deletion without enableDeletion, orphaned with it', () => {
    const refused = run('removed-from-config');
    expect(refused.map((f) => [f.kind, f.address])).toEqual([['deletion-not-enabled', 'aws_iam_user.quay-ci']]);
    expect(refused[0]?.evidence['reason']).toBe('removed-from-config');
    expect(refused[0]?.proposals.map((p) => p.kind)).toEqual(['inventory-deletion-approval', 'config-removed-block', 'terraform-state-rm']);
    const orphaned = run('removed-from-config', { account: open });
    expect(orphaned.map((f) => [f.kind, f.address])).toEqual([['orphaned-in-state', 'aws_iam_user.quay-ci']]);
    const approved = run('removed-from-config', {
      account: { ...strict, deletionApprovals: [{ type: 'aws_iam_user', name: 'quay-ci', expiration: capturedAt('removed-from-config').toISOString().slice(0, 10) }] },
    });
    expect(approved.map((f) => f.kind)).toEqual(['orphaned-in-state']);
  });

  it('renamed: one renamed-address finding, no refused deletion', () => {
    const fs = run('renamed');
    expect(fs.map((f) => [f.kind, f.address])).toEqual([['renamed-address', 'aws_db_parameter_group.quay-db-pg']]);
    expect(fs[0]?.proposals.find((p) => p.kind === 'terraform-state-mv')?.argv).toEqual([
      'terraform', 'state', 'mv', 'aws_db_parameter_group.quay-db-pg', 'aws_db_parameter_group.quay-db-pg-renamed',
    ]);
  });

  it('lock-held: parsed Lock Info, 2 h old, force-unlock proposed with the real lock ID', () => {
    const m = meta('lock-held');
    const fs = run('lock-held');
    expect(fs.map((f) => f.kind)).toEqual(['state-lock-held']);
    const f = fs[0];
    expect(f?.evidence['lock']).toMatchObject({ id: m['lock_id'], who: 'alice@workstation', operation: 'OperationTypeApply' });
    expect(f?.evidence['stale']).toBe(true);
    expect(f?.proposals.map((p) => p.argv)).toEqual([['terraform', 'force-unlock', '-force', m['lock_id']]]);
    // The same lock seen 30 minutes after it was taken is not stale: no force-unlock.
    const created = Date.parse(String((f?.evidence['lock'] as { createdIso: string }).createdIso));
    const early = run('lock-held', { now: new Date(created + 30 * 60_000) });
    expect(early[0]?.proposals).toEqual([]);
  });

  it('ami-not-found: the data source diagnostic names the data.aws_ami; the lookup pins the other commit', () => {
    const wanted = '0123456789abcdef0123456789abcdef01234567';
    const other = 'fedcba9876543210fedcba9876543210fedcba98';
    const bare = run('ami-not-found');
    expect(bare.map((f) => [f.kind, f.address])).toEqual([['ami-not-found', 'data.aws_ami.image-builder-workers']]);
    // Without a lookup, commit, tag and region come from the data source's filter in the plan's configuration.
    expect(bare[0]?.evidence).toMatchObject({ commit: wanted, tag_name: 'commit', region: 'us-east-1', account: 'app-sre-stage' });
    expect(bare[0]?.proposals).toEqual([]);
    const amis: AmiLookup[] = [{
      address: 'data.aws_ami.image-builder-workers', account: 'app-sre-stage', region: 'us-east-1', tagName: 'commit', commit: wanted,
      available: [{ commit: other, imageId: 'ami-12345678', creationDate: '2026-11-21T00:00:00.000Z' }],
    }];
    const [f] = run('ami-not-found', { amis });
    expect(f?.evidence).toMatchObject({ account: 'app-sre-stage', region: 'us-east-1', commit: wanted });
    expect(f?.proposals.map((p) => p.kind)).toEqual(['inventory-pin-image-ref']);
    expect(f?.proposals[0]?.snippet).toContain(other);
  });

  it('checksum-mismatch: the S3/DynamoDB digest error', () => {
    const fs = run('checksum-mismatch');
    expect(fs.map((f) => f.kind)).toEqual(['state-checksum-mismatch']);
    expect(fs[0]?.proposals).toEqual([]);
    expect(fs[0]?.evidence).toMatchObject({ bucket: 'app-sre-stage-tfstate', key: 'qontract-reconcile.tfstate' });
    expect(fs[0]?.evidence['calculated_checksum']).toMatch(/^[0-9a-f]{32}$/);
    expect(fs[0]?.evidence['stored_checksum']).toMatch(/^[0-9a-f]{32}$/);
    expect(fs[0]?.evidence['digest_to_set']).toBe(fs[0]?.evidence['calculated_checksum']);
  });

  it('every pattern that names a captured fixture matches a diagnostic in it', () => {
    const pinned = DIAGNOSTIC_PATTERNS.filter((p) => p.fixture);
    expect(pinned.length).toBeGreaterThan(0);
    for (const p of pinned) {
      const [scenario, name] = (p.fixture ?? '').split('/');
      const diags = diagsOf(scenario ?? '', name);
      expect(diags.some((d) => p.match.test(`${d.summary}\n${d.detail ?? ''}`)), `${p.id} vs ${p.fixture}`).toBe(true);
    }
  });

  it('every extractor that names a captured fixture finds its text in it', () => {
    const pinned = Object.entries(EXTRACT as Record<string, Extractor>).filter(([, e]) => e.fixture);
    expect(pinned.length).toBeGreaterThan(5);
    for (const [id, e] of pinned) {
      const [scenario, name] = (e.fixture ?? '').split('/');
      const texts = diagsOf(scenario ?? '', name).flatMap((d) => [d.summary, ...(d.detail ?? '').split('\n'), d.detail ?? '', d.snippet?.context ?? '', d.snippet?.code ?? '']);
      expect(texts.some((t) => new RegExp(e.re.source, e.re.flags.replace('g', '')).test(t)), `${id} vs ${e.fixture}`).toBe(true);
    }
  });

  it.each(['clean', 'deleted-out-of-band', 'changed-out-of-band', 'removed-from-config', 'renamed', 'lock-held', 'ami-not-found', 'checksum-mismatch'])(
    'report and renderers over %s: schema-valid, every finding and proposal shown',
    (scenario) => {
      const findings = run(scenario);
      const report = buildReport({ target: { account: 'app-sre-stage' }, terraformVersion: String(meta(scenario)['terraform_version']), findings, now: capturedAt(scenario) });
      expect(Report.safeParse(report).success).toBe(true);
      const term = renderTerminal(report, { color: false });
      const md = renderMarkdown(report);
      if (!findings.length) expect(term).toMatch(/no findings/);
      for (const f of findings) {
        expect(term).toContain(`${f.id} ${f.kind}`);
        expect(md).toContain(`<b>${f.id}</b>`);
        for (const p of f.proposals) {
          expect(term).toContain(p.id);
          expect(md).toContain(`**${p.id}**`);
        }
      }
    },
  );
});

/**
 * Whole reports, not picked fields: each case's report (and its terminal and
 * markdown renderings) is pinned under fixtures/golden/doctor/. Regenerate from
 * the code (never by hand) with
 *   UPDATE_GOLDEN=1 npx vitest run test/golden/doctor.test.ts
 * and review the diff. Only the volatile fields are stripped, explicitly:
 * `version` (the tool's release) and `generatedAt` (a timestamp). There are no
 * durations or paths in these reports (`target.dir` is not set); `now` is the
 * fixture's capture time, so lock ages are stable.
 */
describe('golden: whole reports over captured fixtures', () => {
  const GOLDEN = new URL('../../fixtures/golden/doctor/', import.meta.url);
  const update = process.env['UPDATE_GOLDEN'] === '1';
  const wanted = '0123456789abcdef0123456789abcdef01234567';
  const amis: AmiLookup[] = [{
    address: 'data.aws_ami.image-builder-workers', account: 'app-sre-stage', region: 'us-east-1', tagName: 'commit', commit: wanted,
    available: [{ commit: 'fedcba9876543210fedcba9876543210fedcba98', imageId: 'ami-12345678', creationDate: '2026-11-21T00:00:00.000Z' }],
  }];
  const probesOf = (scenario: string): ExistsProbe[] => (planOf(scenario, 'probe-plan.json')?.resource_changes ?? [])
    .filter((rc) => rc.change.importing?.id)
    .map((rc) => ({ address: rc.address, type: rc.type, importId: rc.change.importing?.id ?? '', exists: true }));
  const lockCreated = (): Date => new Date(String((run('lock-held')[0]?.evidence['lock'] as { createdIso: string }).createdIso));
  const CASES: Array<[name: string, scenario: string, over: () => Parameters<typeof run>[1]]> = [
    ['clean', 'clean', () => ({})],
    ['deleted-out-of-band', 'deleted-out-of-band', () => ({})],
    ['changed-out-of-band', 'changed-out-of-band', () => ({})],
    ['exists-unmanaged-probe', 'exists-unmanaged', () => ({ probes: probesOf('exists-unmanaged') })],
    ['exists-unmanaged-apply', 'exists-unmanaged', () => ({ diagnostics: diagsOf('exists-unmanaged', 'apply-diagnostics.json') })],
    ['removed-from-config-refused', 'removed-from-config', () => ({})],
    ['removed-from-config-enabled', 'removed-from-config', () => ({ account: open })],
    ['removed-from-config-approved', 'removed-from-config', () => ({
      account: { ...strict, deletionApprovals: [{ type: 'aws_iam_user', name: 'quay-ci', expiration: capturedAt('removed-from-config').toISOString().slice(0, 10) }] },
    })],
    ['renamed', 'renamed', () => ({})],
    ['renamed-enabled', 'renamed', () => ({ account: open })],
    ['replace-forced', 'replace-forced', () => ({})],
    ['lock-held-stale', 'lock-held', () => ({})],
    ['lock-held-fresh', 'lock-held', () => ({ now: new Date(lockCreated().getTime() + 30 * 60_000) })],
    ['ami-not-found-bare', 'ami-not-found', () => ({})],
    ['ami-not-found-lookup', 'ami-not-found', () => ({ amis })],
    ['checksum-mismatch', 'checksum-mismatch', () => ({})],
  ];

  /** The report with its volatile fields replaced by placeholders (and nothing else touched). */
  function stable(report: Report): Report {
    return { ...report, version: '<version>', generatedAt: '<generatedAt>' };
  }

  it.each(CASES)('%s: the whole report, its terminal and markdown renderings match the goldens', (name, scenario, over) => {
    const o = over();
    const findings = run(scenario, o);
    const report = stable(buildReport({ target: { account: 'app-sre-stage' }, terraformVersion: String(meta(scenario)['terraform_version']), findings, now: o?.now ?? capturedAt(scenario) }));
    // Schema-valid, and parsing drops nothing (every evidence key is in the schema or kept as an open key).
    expect(Report.parse(report)).toEqual(report);
    const texts: Array<[string, string]> = [
      [`${name}.report.json`, `${JSON.stringify(report, null, 2)}\n`],
      [`${name}.terminal.txt`, renderTerminal(report, { color: false })],
      [`${name}.md`, renderMarkdown(report)],
    ];
    for (const [file, text] of texts) {
      const url = new URL(file, GOLDEN);
      if (update) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(url, text);
      }
      expect(text, file).toBe(readFileSync(url, 'utf8'));
    }
  });

  /**
   * The baseline fingerprint hashes kind, address and evidence. These goldens pin
   * every fingerprint, so a change to the evidence (a key renamed, a value
   * reshaped) or to the hashing shows up here, and an old baseline would no
   * longer match: then the fingerprint needs a version (src/doctor/baseline.ts).
   */
  it('the baseline fingerprints of every case match baseline-fingerprints.json', () => {
    const prints = Object.fromEntries(CASES.map(([name, scenario, over]) => [name, run(scenario, over()).map((f) => `${f.kind} ${f.address ?? '-'} ${findingFingerprint(f)}`)]));
    const text = `${JSON.stringify(prints, null, 2)}\n`;
    const url = new URL('baseline-fingerprints.json', GOLDEN);
    if (update) writeFileSync(url, text);
    expect(text).toBe(readFileSync(url, 'utf8'));
  });

  it.each(CASES.filter(([name]) => name !== 'clean'))('%s: the committed golden report, read back as a baseline, leaves every finding open and none resolved', (name, scenario, over) => {
    const o = over();
    const previous = Report.parse(JSON.parse(readFileSync(new URL(`${name}.report.json`, GOLDEN), 'utf8')));
    const current = buildReport({ target: { account: 'app-sre-stage' }, findings: run(scenario, o), now: o?.now ?? capturedAt(scenario) });
    const cmp = compareWithBaseline(current, previous);
    expect(cmp.findings.length).toBeGreaterThan(0);
    expect(cmp.findings.map((f) => f.baseline)).toEqual(cmp.findings.map(() => 'open'));
    expect(cmp.baseline?.resolved).toEqual([]);
  });

  it('every golden file belongs to a case (no stale goldens left behind)', () => {
    const expected = CASES.flatMap(([name]) => [`${name}.report.json`, `${name}.terminal.txt`, `${name}.md`]).sort();
    expect(readdirSync(GOLDEN).filter((f) => !f.startsWith('baseline-')).sort()).toEqual(expected);
  });
});
