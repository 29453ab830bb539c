/**
 * (b) 8 accounts: planFleet with a bounded pool vs the same accounts with
 * planAccount one after another. Same inventory, same working dirs (already
 * initialized), same emulator; rounds alternate which goes first.
 */
import type { Inventory } from '../src/synth/index.js';
import { planFleet } from '../src/run/fleet.js';
import { planAccount } from '../src/run/plan-account.js';
import { EMULATOR_BACKEND_CONFIG } from '../test/testbed/index.js';
import { join } from 'node:path';
import { median, medianRatio } from './stats.js';

export interface FleetSpeedupResult {
  accounts: number;
  concurrency: number;
  rounds: number;
  sequentialMs: number[];
  fleetMs: number[];
  speedup: number;
  /** Median per phase of one account's planAccount (from its timingsMs), over the sequential runs: where an account's time goes. */
  phaseMedianMs: Record<string, number>;
}

export async function benchFleetSpeedup(
  inventory: Inventory,
  workRoot: string,
  env: Record<string, string>,
  opts: { concurrency: number; rounds: number; log: (s: string) => void },
): Promise<FleetSpeedupResult> {
  const accounts = inventory.accounts.map((a) => a.name);
  const common = { env, backendConfig: { ...EMULATOR_BACKEND_CONFIG }, probe: true };
  const phases: Record<string, number[]> = {};
  const sequential = async (): Promise<number> => {
    const t0 = performance.now();
    for (const account of accounts) {
      const r = await planAccount({ ...common, inventory, account, workDir: join(workRoot, account) });
      for (const [k, v] of Object.entries(r.timingsMs)) (phases[k] ??= []).push(v);
      if (r.report.findings.length) throw new Error(`${account} is not clean: ${r.report.findings.map((f) => f.kind).join(', ')}`);
    }
    return performance.now() - t0;
  };
  const fleet = async (): Promise<number> => {
    const t0 = performance.now();
    const report = await planFleet({ ...common, inventory, workRoot, concurrency: opts.concurrency });
    const ms = performance.now() - t0;
    if (report.failures.length) throw new Error(`fleet failures: ${report.failures.map((f) => `${f.account}: ${f.error}`).join('; ')}`);
    if (report.reports.length !== accounts.length) throw new Error('fleet report is missing accounts');
    return ms;
  };
  const seq: number[] = [];
  const par: number[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    if (i % 2 === 0) {
      seq.push(await sequential());
      par.push(await fleet());
    } else {
      par.push(await fleet());
      seq.push(await sequential());
    }
    opts.log(`  round ${i + 1}/${opts.rounds}: one after another ${Math.round(seq.at(-1)!)} ms, planFleet(concurrency ${opts.concurrency}) ${Math.round(par.at(-1)!)} ms`);
  }
  const phaseMedianMs = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(median(v))]));
  opts.log(`  one account, median per phase: ${Object.entries(phaseMedianMs).map(([k, v]) => `${k} ${v} ms`).join(', ')}`);
  return { accounts: accounts.length, concurrency: opts.concurrency, rounds: opts.rounds, sequentialMs: seq, fleetMs: par, speedup: medianRatio(seq, par), phaseMedianMs };
}

/** One planFleet run per pool size (BENCH_FLEET_SWEEP=2,3,4,6): which size is best on this machine. */
export async function benchFleetSweep(
  inventory: Inventory,
  workRoot: string,
  env: Record<string, string>,
  levels: readonly number[],
  log: (s: string) => void,
): Promise<Array<{ concurrency: number; ms: number }>> {
  const out: Array<{ concurrency: number; ms: number }> = [];
  for (const concurrency of levels) {
    const t0 = performance.now();
    const report = await planFleet({ env, backendConfig: { ...EMULATOR_BACKEND_CONFIG }, inventory, workRoot, concurrency });
    const ms = performance.now() - t0;
    if (report.failures.length) throw new Error(`fleet failures at concurrency ${concurrency}: ${report.failures.map((f) => f.account).join(', ')}`);
    out.push({ concurrency, ms });
    log(`  planFleet(concurrency ${concurrency}): ${Math.round(ms)} ms`);
  }
  return out;
}
