/**
 * A fleet run (`tfdoctor plan --all-accounts`): every account planned and
 * diagnosed, several at a time, one broken account never hiding the others.
 *
 * Concurrency is a small bounded pool of our own: each account costs one
 * terraform process plus one AWS provider process (~150 MB and a core while it
 * loads its schema), so the pool size, not the number of accounts, decides the
 * machine's load.
 */
import { InputError } from '../errors.js';
import { VERSION } from '../version.js';
import type { FleetReport, Report } from '../doctor/report.js';
import { selectShard, type Shard } from './shard.js';

export type FleetPhase = 'queued' | 'synth' | 'init' | 'plan' | 'diagnose' | 'done' | 'failed';

export interface FleetProgressEvent {
  account: string;
  phase: FleetPhase;
  /** ms since the epoch. */
  at: number;
  /** With `done`: how many findings. */
  findings?: number;
  /** With `failed`: the error's message (first lines). */
  error?: string;
}

/** What planFleet needs from one account's run (E1's planAccount has this shape). */
export interface AccountPlanOptions {
  inventory: unknown;
  account: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  onProgress?: (event: unknown) => void;
  [key: string]: unknown;
}
export type AccountPlanner = (opts: AccountPlanOptions) => Promise<{ report: Report }>;

export interface PlanFleetOptions {
  /** The parsed inventory (src/synth `loadInventory`). */
  inventory: { accounts: ReadonlyArray<{ name: string }> };
  /** Only these accounts (default: all of the inventory, in its order). */
  accounts?: readonly string[];
  /** How many accounts at once. Default 4. */
  concurrency?: number;
  /** Only the accounts of this shard (see shard.ts). */
  shard?: Shard;
  onProgress?: (event: FleetProgressEvent) => void;
  signal?: AbortSignal;
  /** Environment for every terraform child (merged over the parent's). */
  env?: Record<string, string | undefined>;
  /** Runs one account; default: planAccount from ./plan-account.js. */
  planAccount?: AccountPlanner;
  /** Clock for progress events, for tests. */
  clock?: () => number;
  /** Anything else is handed to every planAccount call unchanged (terraformBin, backendConfig, now, lockStaleAfterMs, ...). */
  [key: string]: unknown;
}

/** Plans every selected account and returns one FleetReport. Throws only on bad options (unknown account, bad shard). */
export async function planFleet(opts: PlanFleetOptions): Promise<FleetReport> {
  const { inventory, accounts: only, concurrency = 4, shard, onProgress, signal, env, clock = Date.now, ...rest } = opts;
  delete rest['planAccount'];
  const planOne = opts.planAccount ?? (await defaultPlanner());
  const accounts = fleetAccounts(inventory, only, shard);
  const emit = (account: string, phase: FleetPhase, extra: Partial<FleetProgressEvent> = {}): void => {
    onProgress?.({ account, phase, at: clock(), ...extra });
  };
  for (const a of accounts) emit(a, 'queued');

  const results = await runPool(
    accounts,
    concurrency,
    async (account) => {
      signal?.throwIfAborted();
      emit(account, 'synth');
      const { report } = await planOne({
        ...rest,
        inventory,
        account,
        ...(env ? { env } : {}),
        ...(signal ? { signal } : {}),
        onProgress: (event: unknown) => {
          const phase = phaseOf(event);
          if (phase) emit(account, phase);
        },
      });
      emit(account, 'done', { findings: report.findings.length });
      return report;
    },
    signal,
  );

  const reports: Report[] = [];
  const failures: FleetReport['failures'] = [];
  results.forEach((r, i) => {
    const account = accounts[i] as string;
    if (r.status === 'fulfilled') {
      reports.push(r.value);
    } else {
      const error = errorText(r.reason);
      failures.push({ account, error });
      emit(account, 'failed', { error });
    }
  });
  return {
    tool: 'tfdoctor',
    version: VERSION,
    schemaVersion: 1,
    reports,
    failures,
    ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
  };
}

/** The accounts a fleet run covers: the inventory's (or the `accounts` asked for, which must exist), then the shard's subset. */
export function fleetAccounts(
  inventory: { accounts: ReadonlyArray<{ name: string }> },
  only?: readonly string[],
  shard?: Shard,
): string[] {
  const known = inventory.accounts.map((a) => a.name);
  let list = known;
  if (only) {
    const set = new Set(known);
    const unknown = only.filter((a) => !set.has(a));
    if (unknown.length) throw new InputError(`unknown account(s): ${unknown.map((a) => JSON.stringify(a)).join(', ')}`);
    list = [...new Set(only)];
  }
  return shard ? selectShard(list, shard.index, shard.count) : list;
}

/**
 * Runs `worker` over `items`, at most `concurrency` at a time, and settles
 * every item (a rejection never stops the others). Results keep the items'
 * order. Once `signal` aborts, items not yet started are rejected with the
 * abort reason instead of being started.
 */
export async function runPool<T, R>(
  items: readonly T[],
  concurrency: number,
  worker: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<PromiseSettledResult<R>[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      try {
        if (signal?.aborted) throw signal.reason ?? new Error('aborted');
        results[i] = { status: 'fulfilled', value: await worker(items[i] as T, i) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/** Maps one account's progress event (whatever planAccount reports) to a fleet phase. */
export function phaseOf(event: unknown): FleetPhase | undefined {
  const value =
    typeof event === 'string'
      ? event
      : typeof event === 'object' && event !== null
        ? ((event as Record<string, unknown>)['phase'] ?? (event as Record<string, unknown>)['stage'] ?? (event as Record<string, unknown>)['step'])
        : undefined;
  if (typeof value !== 'string') return undefined;
  const v = value.toLowerCase();
  if (v.startsWith('synth')) return 'synth';
  if (v.startsWith('init')) return 'init';
  if (v.startsWith('plan') || v.startsWith('show') || v.startsWith('probe') || v.startsWith('ami')) return 'plan';
  if (v.startsWith('diagnos')) return 'diagnose';
  return undefined;
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}`.split('\n').slice(0, 12).join('\n');
  return String(err);
}

async function defaultPlanner(): Promise<AccountPlanner> {
  throw new Error('planAccount is not available yet');
}
