import { describe, expect, it } from 'vitest';
import { fleetAccounts, phaseOf, planFleet, runPool, terraformPlatform, type FleetProgressEvent } from '../../src/run/fleet.js';
import type { PlanAccountOptions } from '../../src/run/plan-account.js';
import type { Inventory } from '../../src/synth/inventory.js';
import { FleetReport, type Report } from '../../src/doctor/report.js';
import { InputError } from '../../src/errors.js';
import { selectShard } from '../../src/run/shard.js';

// Only the account names matter to the pool; the planner below never synthesizes.
const inventory = { source: 'test', resources: [], accounts: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name })) } as unknown as Inventory;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function report(account: string, n = 0): Report {
  return {
    tool: 'tfdoctor',
    version: '0.1.0',
    schemaVersion: 1,
    target: { account },
    terraform: {},
    findings: Array.from({ length: n }, (_, i) => ({ id: `F${i + 1}`, kind: 'state-lock-held' as const, severity: 'error' as const, summary: 's', evidence: {}, proposals: [] })),
  };
}

describe('runPool', () => {
  it('never runs more than `concurrency` at once and keeps the order of results', async () => {
    let running = 0;
    let peak = 0;
    const results = await runPool([30, 5, 20, 1, 10, 2], 3, async (ms, i) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(ms);
      running--;
      return i;
    });
    expect(peak).toBe(3);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : -1))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('isolates failures', async () => {
    const results = await runPool([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two');
      return n;
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('does not start items after an abort', async () => {
    const ac = new AbortController();
    const started: number[] = [];
    const results = await runPool([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 2) ac.abort(new Error('stop'));
      return n;
    }, ac.signal);
    expect(started).toEqual([1, 2]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
  });

  it('refuses a bad concurrency', async () => {
    await expect(runPool([1], 0, async (n) => n)).rejects.toThrow(RangeError);
  });
});

describe('planFleet', () => {
  it('one broken account goes to failures, the others are reported, progress covers all', async () => {
    const events: FleetProgressEvent[] = [];
    const seen: PlanAccountOptions[] = [];
    const fleet = await planFleet({
      inventory,
      concurrency: 2,
      terraformBin: '/x/terraform',
      pluginCacheDir: false,
      onProgress: (e) => events.push(e),
      planAccount: async (opts) => {
        seen.push(opts);
        opts.onProgress?.({ phase: 'init', message: '', at: 0 });
        opts.onProgress?.({ phase: 'plan', message: '', at: 0 });
        await sleep(5);
        if (opts.account === 'c') throw new Error('terraform init failed\nsecond line');
        opts.onProgress?.({ phase: 'diagnose', message: '', at: 0 });
        return { report: report(opts.account, opts.account === 'b' ? 1 : 0) };
      },
    });
    expect(FleetReport.parse(fleet)).toEqual(fleet);
    expect(fleet.reports.map((r) => r.target.account)).toEqual(['a', 'b', 'd', 'e']);
    expect(fleet.failures).toEqual([{ account: 'c', error: 'terraform init failed\nsecond line' }]);
    expect(seen.every((o) => o.terraformBin === '/x/terraform' && !('planAccount' in o) && !('concurrency' in o))).toBe(true);
    const phases = (a: string) => events.filter((e) => e.account === a).map((e) => e.phase);
    expect(phases('b')).toEqual(['queued', 'synth', 'init', 'plan', 'diagnose', 'done']);
    expect(phases('c')).toEqual(['queued', 'synth', 'init', 'plan', 'failed']);
    expect(events.find((e) => e.account === 'b' && e.phase === 'done')?.findings).toBe(1);
  });

  it('runs only the shard and records it', async () => {
    const fleet = await planFleet({ inventory, shard: { index: 1, count: 3 }, pluginCacheDir: false, planAccount: async (o) => ({ report: report(o.account) }) });
    expect(fleet.shard).toEqual({ index: 1, count: 3 });
    expect(fleet.reports.map((r) => r.target.account)).toEqual(selectShard(['a', 'b', 'c', 'd', 'e'], 1, 3));
  });
});

describe('planFleet work dirs', () => {
  it('puts each account under workRoot, and a name that cannot be a folder fails only its account', async () => {
    const inv = { source: 't', resources: [], accounts: [{ name: 'ok-1' }, { name: 'bad..name' }] } as unknown as Inventory;
    const dirs: Record<string, string | undefined> = {};
    const fleet = await planFleet({
      inventory: inv,
      workRoot: '/srv/tfdoctor',
      pluginCacheDir: false,
      planAccount: async (o) => {
        dirs[o.account] = o.workDir;
        return { report: report(o.account) };
      },
    });
    expect(dirs).toEqual({ 'ok-1': '/srv/tfdoctor/ok-1' });
    expect(fleet.reports.map((r) => r.target.account)).toEqual(['ok-1']);
    expect(fleet.failures.map((f) => f.account)).toEqual(['bad..name']);
    expect(fleet.failures[0]?.error).toMatch(/cannot be used as a folder name/);
  });
});

describe('terraformPlatform', () => {
  it.each([
    ['linux', 'x64', 'linux_amd64'],
    ['darwin', 'arm64', 'darwin_arm64'],
    ['linux', 'ia32', 'linux_386'],
  ])('%s/%s -> %s', (platform, arch, want) => {
    expect(terraformPlatform(platform, arch)).toBe(want);
  });
});

describe('fleetAccounts', () => {
  it('refuses unknown accounts and drops repeats', () => {
    expect(() => fleetAccounts(inventory, ['a', 'zz'])).toThrow(InputError);
    expect(() => fleetAccounts(inventory, ['a', 'zz'])).toThrow('unknown account(s): "zz"');
    expect(fleetAccounts(inventory, ['b', 'a', 'b'])).toEqual(['b', 'a']);
  });
});

describe('phaseOf', () => {
  it.each([
    [{ phase: 'init' }, 'init'],
    [{ stage: 'synthesizing' }, 'synth'],
    ['plan', 'plan'],
    [{ step: 'show' }, 'plan'],
    [{ phase: 'diagnose' }, 'diagnose'],
    [{ phase: 'weird' }, undefined],
    [42, undefined],
  ])('%j -> %s', (event, want) => {
    expect(phaseOf(event)).toBe(want);
  });
});
