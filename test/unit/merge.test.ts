import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeReports, readReportFile } from '../../src/run/merge.js';
import { FleetReport, type Report } from '../../src/doctor/report.js';
import { InputError } from '../../src/errors.js';

function report(account: string, kinds: Report['findings'][number]['kind'][] = []): Report {
  return {
    tool: 'tfdoctor',
    version: '0.1.0',
    schemaVersion: 1,
    target: { account },
    terraform: { version: '1.11.4' },
    findings: kinds.map((kind, i) => ({ id: `F${i + 1}`, kind, severity: 'error', summary: kind, evidence: {}, proposals: [] })),
  };
}

function fleet(reports: Report[], failures: { account: string; error: string }[] = [], shard?: { index: number; count: number }): FleetReport {
  return { tool: 'tfdoctor', version: '0.1.0', schemaVersion: 1, reports, failures, ...(shard ? { shard } : {}) };
}

describe('mergeReports', () => {
  it('joins shard fleet reports and single reports into one valid FleetReport, sorted by account', () => {
    const { report: merged, warnings } = mergeReports([
      { file: 's1.json', data: fleet([report('b', ['state-lock-held'])], [{ account: 'c', error: 'boom' }], { index: 1, count: 2 }) },
      { file: 's0.json', data: fleet([report('a')], [], { index: 0, count: 2 }) },
      { file: 'one.json', data: report('0-single', ['deleted-out-of-band']) },
    ]);
    expect(FleetReport.parse(merged)).toEqual(merged);
    expect(merged.reports.map((r) => r.target.account)).toEqual(['0-single', 'a', 'b']);
    expect(merged.reports[2]?.findings[0]?.kind).toBe('state-lock-held');
    expect(merged.failures).toEqual([{ account: 'c', error: 'boom' }]);
    expect(merged.shard).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('refuses an account seen twice, naming both files', () => {
    const run = () =>
      mergeReports([
        { file: 's0.json', data: fleet([report('a')]) },
        { file: 's1.json', data: fleet([], [{ account: 'a', error: 'x' }]) },
      ]);
    expect(run).toThrow(InputError);
    expect(run).toThrow(/account "a" appears more than once \(first in s0.json\)/);
    try {
      run();
    } catch (err) {
      expect((err as InputError).file).toBe('s1.json');
      expect((err as InputError).path).toEqual(['failures', 0, 'account']);
    }
  });

  it('refuses shards made with different counts', () => {
    expect(() =>
      mergeReports([
        { file: 's0.json', data: fleet([report('a')], [], { index: 0, count: 2 }) },
        { file: 't0.json', data: fleet([report('b')], [], { index: 0, count: 3 }) },
      ]),
    ).toThrow(/different shard counts \(2, 3\)/);
  });

  it('warns about shards that are missing', () => {
    const { warnings } = mergeReports([{ file: 's0.json', data: fleet([report('a')], [], { index: 0, count: 3 }) }]);
    expect(warnings).toEqual(['shards missing from the merge: 1/3, 2/3; their accounts are not in this report']);
  });

  it('names the file and the path of a malformed report', () => {
    const bad = { ...fleet([report('a')]), reports: [{ ...report('a'), findings: [{ kind: 'nope' }] }] };
    try {
      mergeReports([{ file: 'bad.json', data: bad }]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).file).toBe('bad.json');
      expect((err as InputError).path?.slice(0, 3)).toEqual(['reports', 0, 'findings']);
    }
  });

  it('refuses nothing to merge and reports without a target', () => {
    expect(() => mergeReports([])).toThrow(InputError);
    expect(() => mergeReports([{ file: 'x.json', data: { ...report('a'), target: {} } }])).toThrow(/neither target.account nor target.dir/);
  });
});

describe('readReportFile', () => {
  it('reads JSON and names the file when it is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-merge-'));
    await writeFile(join(dir, 'ok.json'), JSON.stringify(report('a')));
    await writeFile(join(dir, 'bad.json'), '{ nope');
    expect((await readReportFile(join(dir, 'ok.json'))).data).toEqual(report('a'));
    await expect(readReportFile(join(dir, 'bad.json'))).rejects.toThrow(InputError);
    await expect(readReportFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read report/);
  });
});
