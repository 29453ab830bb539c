/**
 * The `--html` page as text: self-contained, escaped, no secrets, the guard's
 * state of a repair. The browser checks (loads, copies, fits) are in
 * test/acceptance/html-page.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register as registerPlan } from '../../cli/commands/plan.js';
import { esc, renderFleetHtml, renderHtml, renderRepairHtml } from '../../cli/render/html.js';
import { buildReport } from '../../src/doctor/build-report.js';
import { diagnose } from '../../src/doctor/diagnose.js';
import { FleetReport, Report } from '../../src/doctor/report.js';
import { readAuditRecords } from '../../src/repair/audit.js';
import { computeRepairHash, serializeRepair } from '../../src/repair/index.js';
import { NOW, plan, rc } from './doctor-helpers.js';
import { accountReport, goldenFleet, HOSTILE, HOSTILE_ADDRESS, hostileReport, sampleRepair } from '../support/html-fixtures.js';

const SECRET = 'hunter2-s3cr3t-value';
const TOKEN = 'tok-9f8e7d6c';

/** A drift on a password (marked sensitive) and an auth_token (not marked, credential-looking), through the doctor. */
function sensitiveReport(): Report {
  const findings = diagnose({
    now: NOW,
    account: { name: 'app-sre-stage', enableDeletion: false, deletionApprovals: [] },
    diagnostics: [],
    plan: plan({
      resource_drift: [rc('aws_db_instance.quay-db', ['update'], {
        before: { identifier: 'quay-db', password: 'old-pass', tags: { team: 'quay' }, auth_token: 'tok-old' },
        after: { identifier: 'quay-db', password: SECRET, tags: { team: 'quay', owner: 'eve' }, auth_token: TOKEN },
        before_sensitive: { password: true }, after_sensitive: { password: true },
      })],
      resource_changes: [rc('aws_db_instance.quay-db', ['update'], {
        before: { identifier: 'quay-db', password: SECRET, tags: { team: 'quay', owner: 'eve' }, auth_token: TOKEN },
        after: { identifier: 'quay-db', password: 'old-pass', tags: { team: 'quay' }, auth_token: 'tok-old' },
        before_sensitive: { password: true }, after_sensitive: { password: true },
      })],
    }),
  });
  return buildReport({ target: { account: 'app-sre-stage', dir: '/w' }, terraformVersion: '1.11.4', state: { lineage: 'l', serial: 7, sha256: 'abc' }, findings, now: NOW });
}

/** The inline style and script, and the CSP meta that must name their hashes. */
function parts(html: string): { css: string; js: string; csp: string } {
  const css = html.slice(html.indexOf('<style>') + 7, html.indexOf('</style>'));
  const js = html.slice(html.indexOf('<script>') + 8, html.indexOf('</script>'));
  const m = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html);
  return { css, js, csp: m?.[1] ?? '' };
}

const b64 = (s: string) => createHash('sha256').update(s).digest('base64');

describe('the --html page', () => {
  const fleet = goldenFleet();
  const html = renderFleetHtml(fleet);

  it('is self-contained: one style, one script, both pinned by the CSP, nothing that fetches', () => {
    const { css, js, csp } = parts(html);
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${b64(css)}'; script-src 'sha256-${b64(js)}'; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<style/g)).toHaveLength(1);
    expect(html).not.toMatch(/\s(src|srcset|action|style)=/);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/@import|url\(/);
    // Links only to anchors of the page (and the empty data: icon).
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.filter((h) => !h?.startsWith('#'))).toEqual(['data:,']);
    for (const h of hrefs.filter((x) => x?.startsWith('#'))) expect(html).toContain(`id="${h?.slice(1) ?? ''}"`);
  });

  it('a fleet: an overview row and a section per account, a card per finding', () => {
    for (const [i, r] of fleet.reports.entries()) {
      expect(html).toContain(`<a href="#a${i}">${r.target.account ?? ''}</a>`);
      for (const [j] of r.findings.entries()) expect(html).toContain(`id="a${i}-f${j}"`);
    }
    expect(html.match(/<article class="card/g)).toHaveLength(fleet.reports.reduce((n, r) => n + r.findings.length, 0));
    expect(html).toContain('State and reality agree');
  });

  it('a fleet with an account that could not be diagnosed says so, in the table and in its section', () => {
    const withFailure = FleetReport.parse({ ...fleet, failures: [{ account: 'broken<1>', error: 'init failed: <no backend>\nmore' }] });
    const out = renderFleetHtml(withFailure);
    expect(out).toContain('<a href="#x0">broken&#60;1&#62;</a>');
    expect(out).toContain('could not diagnose');
    expect(out).toContain('init failed: &#60;no backend&#62;\nmore');
    expect(out).toContain('0 failed'.replace('0', '1'));
  });

  it('evidence typed per kind: lock holder and age, AMI commits, gate verdict, checksum digests', () => {
    const text = renderHtml(accountReport('a', ['lock-held-stale', 'ami-not-found-lookup', 'removed-from-config-refused', 'checksum-mismatch']));
    expect(text).toMatch(/<dt>lock who<\/dt><dd><code>[^<]+<\/code><\/dd>/);
    expect(text).toMatch(/<dt>age<\/dt><dd>[^<]+ \(stale: stale after 60 min\)<\/dd>/);
    expect(text).toContain('<dt>commits with an AMI</dt>');
    expect(text).toContain('<dt>gate: verdict</dt><dd><code>not-enabled</code></dd>');
    expect(text).toContain('<dt>digest to set</dt>');
    expect(text).toContain('<h3>Terraform said</h3>');
  });

  it('the attribute diff: before and after per path, coloured cells', () => {
    const text = renderHtml(accountReport('a', ['replace-forced']));
    expect(text).toMatch(/<tr><th scope="row"><code>family<\/code><\/th><td class="before"><code>&#34;postgres1\d&#34;<\/code><\/td><td class="after"><code>&#34;postgres1\d&#34;<\/code><\/td><\/tr>/);
  });

  it('never shows a secret: the doctor\'s masks are kept, and credential-looking keys are masked again', () => {
    const report = sensitiveReport();
    expect(report.findings.map((f) => f.kind)).toEqual(['changed-out-of-band']);
    // A report from elsewhere, with the values under credential-looking keys left in.
    const leaky = Report.parse(JSON.parse(JSON.stringify(report)));
    const f = leaky.findings[0];
    if (f?.kind !== 'changed-out-of-band') throw new Error('kind');
    f.evidence.attributes = [...(f.evidence.attributes ?? []), { path: 'master_password', before: 'old-pass', after: SECRET }];
    (f.evidence as Record<string, unknown>)['db_auth_token'] = TOKEN;
    for (const [n, out] of [renderHtml(report), renderHtml(leaky), renderFleetHtml({ tool: 'tfdoctor', version: '0', schemaVersion: 1, reports: [leaky], failures: [] })].entries()) {
      const at = out.indexOf(SECRET);
      expect(at, `page ${n} shows the secret: ${out.slice(Math.max(0, at - 300), at + 50)}`).toBe(-1);
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain('old-pass');
      expect(out).toContain('<code>tags.owner</code>');
      expect(out).toMatch(/<code>password<\/code><\/th><td class="before"><span class="dim">\(sensitive\)<\/span>/);
    }
    expect(renderHtml(leaky)).toMatch(/<code>master_password<\/code><\/th><td class="before"><span class="dim">\(sensitive\)<\/span>/);
  });

  it('escapes every string from input: hostile account, address, summary and argv stay text', () => {
    const out = renderHtml(hostileReport(), { reportFile: 'r"e p.json' });
    expect(out).not.toContain('<script>window');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('onerror="');
    expect(out).toContain(esc(HOSTILE_ADDRESS));
    expect(esc(HOSTILE)).toBe('&#34;&#62;&#60;script&#62;window.__pwned=1&#60;/script&#62;&#60;img src=x onerror=&#34;window.__pwned=2&#34;&#62;&#39;');
    // The report file named in the propose command is shell-quoted, then escaped.
    expect(out).toContain('--report &#39;r&#34;e p.json&#39; --proposal F1.c');
  });

  it('control characters are shown escaped and such text is not offered for copying', () => {
    const r = accountReport('a', ['deleted-out-of-band']);
    const f = r.findings[0];
    if (!f) throw new Error('finding');
    f.summary = 'x\u001b[2Jy';
    const p = f.proposals.find((x) => x.argv);
    if (!p?.argv) throw new Error('argv');
    p.argv = [...p.argv.slice(0, -1), 'a\u0007b'];
    const out = renderHtml(r);
    expect(out).toContain('x\\u001b[2Jy');
    expect(out).not.toContain('\u001b');
    expect(out).toContain('not offered for copying');
  });
});

describe('the repair page', () => {
  const { repair, unsigned, approvers, audit } = sampleRepair();
  const now = new Date('2026-11-21T13:00:00Z');

  it('proposed, approved by whom, applied: from the file, the approvers file and the audit log', () => {
    const out = renderRepairHtml(repair, { file: 'repair.json', approvers, audit, now });
    expect(out.match(/<li class="step done">/g)).toHaveLength(3);
    expect(out).toContain('<b>bob@example.com</b> at 2026-11-21T12:30:00.000Z: signature ok, key listed in the approvers file');
    expect(out).toContain('by <b>alice@example.com</b> at 2026-11-21T12:41:09.000Z: serial 12 → 13');
    expect(out).toContain('terraform state rm aws_iam_user.quay-ci');
    expect(out).toContain('no longer delete');
    expect(out).not.toContain('<button');
  });

  it('not yet approved: the approve command is offered; approved, not applied: the apply command', () => {
    const fresh = renderRepairHtml(unsigned, { file: 'my repair.json', now });
    expect(fresh).toContain('no approval yet');
    expect(fresh).toContain(`data-copy="tfdoctor repair approve &#39;my repair.json&#39; --as YOU --key KEYFILE"`);
    const approved = renderRepairHtml(repair, { file: 'r.json', approvers, audit: [], auditLog: '/d/audit.jsonl', now });
    expect(approved).toContain('no record in <code>/d/audit.jsonl</code>');
    expect(approved).toContain('data-copy="tfdoctor repair apply r.json --as YOU --approvers APPROVERS_FILE"');
  });

  it('an edited file, an untrusted key, a self-approval and a refused apply are called out', () => {
    const edited = { ...repair, proposals: repair.proposals.map((p) => ({ ...p, argv: [...p.argv, 'aws_s3_bucket.more'] })) };
    expect(renderRepairHtml(edited, { now })).toContain('CHANGED since proposed');
    expect(renderRepairHtml(edited, { now })).toContain('signature does not verify');
    expect(renderRepairHtml(repair, { approvers: [], now })).toContain('key not in the approvers file');
    const self = { ...repair, approvals: repair.approvals.map((a) => ({ ...a, approver: repair.proposer })) };
    expect(renderRepairHtml(self, { now })).toContain('self-approval: does not count');
    const refused = renderRepairHtml(repair, { approvers, audit: [{ ...audit[0]!, outcome: 'refused', check: 'state-moved', error: 'serial 13 <> 12' }], now });
    expect(refused).toContain('not applied; the last attempt');
    expect(refused).toContain('(check <code>state-moved</code>)');
    expect(refused).toContain('serial 13 &#60;&#62; 12');
    expect(renderRepairHtml(repair, { now: new Date('2100-01-01T00:00:00Z') })).toContain('EXPIRED');
  });

  it('a version 1 file has no prediction and says so; hostile text in the file stays text', () => {
    const { prediction: _p, ...v1body } = { ...unsigned, repairVersion: 1 as const };
    const v1 = { ...v1body, hash: computeRepairHash(v1body), approvals: [] };
    expect(renderRepairHtml(v1, { now })).toContain('none recorded');
    const evil = sampleRepair({ hostile: true }).repair;
    const out = renderRepairHtml({ ...evil, proposer: HOSTILE }, { now });
    expect(out).not.toContain('<script>window');
    expect(out).not.toContain('<img');
    expect(out).toContain(esc(HOSTILE_ADDRESS));
  });
});

describe('tfdoctor plan --html', () => {
  it('is an option of plan, beside --report', () => {
    const program = new Command('tfdoctor').exitOverride();
    registerPlan(program);
    const plan = program.commands.find((c) => c.name() === 'plan');
    let got: { html?: string } = {};
    plan?.action((o: { html?: string }) => { got = o; });
    program.parse(['node', 'tfdoctor', 'plan', '--inventory', 'inv', '--all-accounts', '--html', 'fleet.html']);
    expect(got.html).toBe('fleet.html');
  });
});

describe('tfdoctor repair show --html', () => {
  let work = '';
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tfdoctor-html-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('writes the page beside the text and reads the audit log for the applied state', async () => {
    const { repair, audit } = sampleRepair();
    const file = join(work, 'repair.json');
    const log = join(work, 'audit.jsonl');
    await writeFile(file, serializeRepair(repair));
    await writeFile(log, `${JSON.stringify({ ...audit[0], repairHash: 'other' })}\nnot json\n${JSON.stringify(audit[0])}\n`);
    expect(await readAuditRecords(log, repair.hash)).toEqual(audit);
    expect(await readAuditRecords(join(work, 'none.jsonl'), repair.hash)).toBeUndefined();
    const out = join(work, 'repair.html');
    const r = await execa(join(process.cwd(), 'node_modules/.bin/tsx'), [join(process.cwd(), 'cli/main.ts'), 'repair', 'show', file, '--html', out, '--audit-log', log], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`tfdoctor repair ${repair.hash.slice(0, 16)}`);
    expect(r.stderr).toContain(`repair page written to ${out}`);
    const page = await readFile(out, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('serial 12 → 13');
  });
});
