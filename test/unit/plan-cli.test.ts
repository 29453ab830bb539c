import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, parseDuration, register, runPlanCommand, type PlanCliOptions } from '../../cli/commands/plan.js';
import { Report } from '../../src/doctor/report.js';
import { InputError } from '../../src/errors.js';

function parse(args: string[]): PlanCliOptions {
  const program = new Command('tfdoctor').exitOverride().configureOutput({ writeErr: () => undefined });
  let got: PlanCliOptions | undefined;
  register(program);
  const plan = program.commands.find((c) => c.name() === 'plan');
  plan?.action((opts: PlanCliOptions) => {
    got = opts;
  });
  program.parse(['node', 'tfdoctor', 'plan', ...args]);
  if (!got) throw new Error('plan action did not run');
  return got;
}

describe('tfdoctor plan options', () => {
  it('parses repeatable --backend-config pairs, durations, concurrency', () => {
    const o = parse(['--inventory', 'inv', '--all-accounts', '--concurrency', '3', '--backend-config', 'use_path_style=true', '--backend-config', 'key=a=b', '--lock-stale-after', '30m']);
    expect(o.backendConfig).toEqual({ use_path_style: 'true', key: 'a=b' });
    expect(o.concurrency).toBe(3);
    expect(o.lockStaleAfter).toBe(30 * 60_000);
    expect(o.probe).toBe(true);
  });

  it.each([
    [['--backend-config', 'noequals']],
    [['--backend-config', '../x=1']],
    [['--concurrency', '0']],
    [['--lock-stale-after', 'soon']],
    [['--json', '--markdown']],
  ])('rejects %j', (args) => {
    expect(() => parse(['--dir', '.', ...args])).toThrow();
  });

  it.each([
    [{}, /--inventory PATH --account NAME/],
    [{ inventory: 'i' }, /--inventory PATH --account NAME/],
    [{ dir: '.', inventory: 'i' }, /both --inventory and --account/],
    [{ allAccounts: true }, /needs --inventory/],
    [{ allAccounts: true, inventory: 'i', dir: '.' }, /cannot be combined/],
    [{ dir: '.', concurrency: 2 }, /go with --all-accounts/],
  ])('refuses an incomplete combination %j before running anything', async (opts, msg) => {
    await expect(runPlanCommand({ backendConfig: {}, probe: true, ...opts } as PlanCliOptions)).rejects.toThrow(msg);
    await expect(runPlanCommand({ backendConfig: {}, probe: true, ...opts } as PlanCliOptions)).rejects.toBeInstanceOf(InputError);
  });

  it('help teaches: examples and exit codes', () => {
    const program = new Command('tfdoctor');
    register(program);
    let help = '';
    const plan = program.commands.find((c) => c.name() === 'plan');
    plan?.configureOutput({ writeOut: (s) => { help += s; } });
    plan?.outputHelp();
    expect(help).toMatch(/Exit codes:[\s\S]*0 +nothing found[\s\S]*2 +findings[\s\S]*1 +tfdoctor could not/);
    expect(help).toContain('tfdoctor plan --dir');
  });
});

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000], ['30m', 1_800_000], ['1h', 3_600_000], ['2d', 172_800_000], ['1.5h', 5_400_000], ['500', 500], ['250ms', 250],
  ])('%s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', 'h', '-1h', '1 week'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow();
  });
});

describe('tfdoctor plan exit codes', () => {
  const report = (kinds: Array<[string, 'error' | 'warning']>): Report => Report.parse({
    tool: 'tfdoctor', version: '0', schemaVersion: 1, target: {}, terraform: {},
    findings: kinds.map(([kind, severity], i) => ({ id: `F${i + 1}`, kind, severity, summary: 's', evidence: {}, proposals: [] })),
  });

  it.each([
    ['clean', [report([])], 0],
    ['classified findings', [report([['deleted-out-of-band', 'error'], ['changed-out-of-band', 'warning']])], 2],
    ['an unclassified terraform error: could not do its job', [report([['deleted-out-of-band', 'error'], ['unclassified-error', 'error']])], 1],
    ['one account of a fleet unclassified', [report([]), report([['unclassified-error', 'error']])], 1],
    ['an unclassified warning only is a finding', [report([['unclassified-error', 'warning']])], 2],
  ] as const)('%s', (_name, reports, code) => {
    expect(exitCodeFor(reports)).toBe(code);
  });
});
