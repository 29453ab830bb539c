import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, renderFleetMarkdown } from '../../cli/render/markdown.js';
import { renderFleetTerminal, renderTerminal } from '../../cli/render/terminal.js';
import { buildReport } from '../../src/doctor/build-report.js';
import { diagnose } from '../../src/doctor/diagnose.js';
import { reportJsonSchemaText } from '../../src/doctor/report-schema.js';
import { Report, type FleetReport } from '../../src/doctor/report.js';
import { NOW, plan, rc } from './doctor-helpers.js';

const SECRET = 'hunter2-s3cr3t-value';
const TOKEN = 'tok-9f8e7d6c';

function sickReport() {
  const findings = diagnose({
    now: NOW,
    account: { name: 'app-sre-stage', enableDeletion: false, deletionApprovals: [] },
    diagnostics: [],
    plan: plan({
      resource_drift: [
        // password is marked sensitive by the provider; auth_token is not marked but looks like a credential.
        rc('aws_db_instance.quay-db', ['update'], {
          before: { identifier: 'quay-db', password: 'old-pass', tags: { team: 'quay' }, auth_token: 'tok-old' },
          after: { identifier: 'quay-db', password: SECRET, tags: { team: 'quay', owner: 'eve' }, auth_token: TOKEN },
          before_sensitive: { password: true }, after_sensitive: { password: true },
        }),
      ],
      resource_changes: [
        rc('aws_db_instance.quay-db', ['update'], {
          before: { identifier: 'quay-db', password: SECRET, tags: { team: 'quay', owner: 'eve' }, auth_token: TOKEN },
          after: { identifier: 'quay-db', password: 'old-pass', tags: { team: 'quay' }, auth_token: 'tok-old' },
          before_sensitive: { password: true }, after_sensitive: { password: true },
        }),
        rc('aws_db_parameter_group.pg', ['delete', 'create'], {
          before: { name: 'pg', family: 'postgres14', parameter: [{ name: 'x', value: SECRET }] },
          after: { name: 'pg', family: 'postgres15', parameter: [{ name: 'x', value: SECRET }] },
          replace_paths: [['family'], ['parameter']],
          before_sensitive: { parameter: true }, after_sensitive: { parameter: true },
        }),
      ],
    }),
  });
  return buildReport({ target: { account: 'app-sre-stage', dir: '/w' }, terraformVersion: '1.11.4', state: { lineage: 'l', serial: 7, sha256: 'abc' }, findings, now: NOW });
}

describe('renderers', () => {
  it('never show sensitive values (JSON, terminal, markdown)', () => {
    const report = sickReport();
    expect(report.findings.map((f) => f.kind)).toEqual(['changed-out-of-band', 'deletion-not-enabled']);
    const outputs = [JSON.stringify(report), renderTerminal(report, { color: false }), renderTerminal(report, { color: true }), renderMarkdown(report)];
    for (const out of outputs) {
      expect(out).not.toContain(SECRET);
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain('old-pass');
      expect(out).toContain('tags.owner');
    }
    expect(renderTerminal(report, { color: false })).toContain('password: (sensitive value changed)');
  });

  it('the report validates against the zod schema', () => {
    expect(Report.safeParse(sickReport()).success).toBe(true);
  });

  it('terminal: summary first, grouped by severity, argv shown', () => {
    const out = renderTerminal(sickReport(), { color: false });
    const lines = out.split('\n');
    expect(lines[0]).toBe('tfdoctor: app-sre-stage: 2 findings (1 error, 1 warning)  [terraform 1.11.4, state serial 7]');
    expect(out.indexOf('ERRORS (1)')).toBeLessThan(out.indexOf('WARNINGS (1)'));
    expect(out).toContain('family: "postgres14" → "postgres15"');
    expect(out).toContain('$ terraform apply -refresh-only');
    expect(out.includes('\u001b[')).toBe(false);
    expect(renderTerminal(sickReport(), { color: true }).includes('\u001b[')).toBe(true);
  });

  it('a clean account prints one reassuring line', () => {
    const clean = buildReport({ target: { account: 'app-sre-prod' }, terraformVersion: '1.11.4', findings: [], now: NOW });
    expect(renderTerminal(clean, { color: false })).toBe('✓ app-sre-prod: no findings, state and reality agree (terraform 1.11.4)\n');
    expect(renderMarkdown(clean)).toContain('no findings');
  });

  it('markdown: a table and collapsible details; hostile text is escaped', () => {
    const report = sickReport();
    const f = report.findings[0];
    if (f) f.summary = 'evil <img src=x onerror=alert(1)> | [link](http://x) `code`';
    const md = renderMarkdown(report);
    expect(md).toContain('| | id | kind | address | summary |');
    expect(md).toContain('<details>');
    expect(md).not.toContain('<img');
    expect(md).toContain('\\[link\\](http://x)');
    expect(md).toContain('&lt;img');
  });

  it('control characters from input are made visible', () => {
    const report = sickReport();
    const f = report.findings[0];
    if (f) f.summary = 'x\u001b[2Jy';
    expect(renderTerminal(report, { color: false })).toContain('x\\u001b[2Jy');
  });

  it('fleet renderers list every account and failure', () => {
    const clean = buildReport({ target: { account: 'b-clean' }, findings: [], now: NOW });
    const fleet: FleetReport = { tool: 'tfdoctor', version: '0.1.0', schemaVersion: 1, reports: [sickReport(), clean], failures: [{ account: 'c-broken', error: 'init failed\nmore' }] };
    const t = renderFleetTerminal(fleet, { color: false });
    expect(t.split('\n')[0]).toBe('tfdoctor fleet: 2 accounts diagnosed, 1 with findings, 1 failed');
    expect(t).toContain('✓ b-clean: clean');
    expect(t).toContain('c-broken: could not diagnose: init failed');
    const md = renderFleetMarkdown(fleet);
    expect(md).toContain('| `b-clean` | ✅ clean |');
    expect(md).toContain('❌ could not diagnose');
  });
});

describe('schema/report.schema.json', () => {
  it('is up to date with the zod schema (regenerate: npx tsx scripts/gen-schema.ts)', () => {
    const committed = readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(reportJsonSchemaText());
  });
});
