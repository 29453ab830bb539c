import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../cli/commands/report.js';
import { FleetReport, type Report } from '../../src/doctor/report.js';
import { InputError } from '../../src/errors.js';

const report = (account: string): Report => ({ tool: 'tfdoctor', version: '0.1.0', schemaVersion: 1, target: { account }, terraform: {}, findings: [] });
const shard = (index: number, accounts: string[]): FleetReport => ({
  tool: 'tfdoctor', version: '0.1.0', schemaVersion: 1, reports: accounts.map(report), failures: [], shard: { index, count: 2 },
});

function program(): Command {
  const p = new Command('tfdoctor').exitOverride();
  register(p);
  return p;
}

afterEach(() => vi.restoreAllMocks());

describe('tfdoctor report merge', () => {
  it('writes the merged fleet report to --out and says what it merged on stderr', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-merge-cli-'));
    await writeFile(join(dir, 'shard-0.json'), JSON.stringify(shard(0, ['b'])));
    await writeFile(join(dir, 'shard-1.json'), JSON.stringify(shard(1, ['a'])));
    const stderr: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (stderr.push(String(s)), true));
    await program().parseAsync(['node', 'tfdoctor', 'report', 'merge', join(dir, 'shard-0.json'), join(dir, 'shard-1.json'), '--out', join(dir, 'fleet.json')]);
    const merged = FleetReport.parse(JSON.parse(await readFile(join(dir, 'fleet.json'), 'utf8')));
    expect(merged.reports.map((r) => r.target.account)).toEqual(['a', 'b']);
    expect(stderr.join('')).toMatch(/merged 2 file\(s\): 2 account report\(s\), 0 finding\(s\), 0 failure\(s\)/);
  });

  it('refuses overlapping shards and writes nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-merge-cli-'));
    await writeFile(join(dir, 'shard-0.json'), JSON.stringify(shard(0, ['a'])));
    await writeFile(join(dir, 'again.json'), JSON.stringify(shard(1, ['a'])));
    const run = program().parseAsync(['node', 'tfdoctor', 'report', 'merge', join(dir, 'shard-0.json'), join(dir, 'again.json'), '--out', join(dir, 'fleet.json')]);
    await expect(run).rejects.toThrow(InputError);
    await expect(readFile(join(dir, 'fleet.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
