/**
 * A fleet run (`tfdoctor plan --all-accounts`): every account planned and
 * diagnosed, several at a time, one broken account never hiding the others.
 *
 * Concurrency is a small bounded pool of our own: each account costs one
 * terraform process plus one AWS provider process (~150 MB and a core while it
 * loads its schema), so the pool size, not the number of accounts, decides the
 * machine's load.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { VERSION } from '../version.js';
import type { FleetReport, Report } from '../doctor/report.js';
import { terraformBin } from '../state/terraform/binary.js';
import { init } from '../state/terraform/init.js';
import { errorText } from '../util/text.js';
import type { Inventory } from '../synth/inventory.js';
import type { PlanAccountOptions } from './plan-account.js';
import { selectShard, type Shard } from './shard.js';
import { safeSegment } from './workdir.js';

/** The phases of one account in a fleet run, as reported to planFleet's `onProgress`. */
export type FleetPhase = 'queued' | 'synth' | 'init' | 'plan' | 'diagnose' | 'done' | 'failed';

/** One progress event of planFleet: an account entered a phase. */
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

/** One account's run: planAccount, or a stand-in in unit tests. */
export type AccountPlanner = (opts: PlanAccountOptions & { inventory: Inventory; account: string }) => Promise<{ report: Report }>;

/** What planFleet takes: the inventory, which accounts (or a shard), how many at once, and the planAccount options they share. */
export interface PlanFleetOptions extends Omit<PlanAccountOptions, 'inventory' | 'account' | 'dir' | 'workDir' | 'onProgress'> {
  /** The parsed inventory (src/synth `loadInventory`). */
  inventory: Inventory;
  /** Only these accounts (default: all of the inventory, in its order). */
  accounts?: readonly string[];
  /** How many accounts at once. Default 4. */
  concurrency?: number;
  /** Only the accounts of this shard (see shard.ts). */
  shard?: Shard;
  /** Each account's working dir is `<workRoot>/<account>` (default: planAccount's `.tfdoctor/work/<account>`). */
  workRoot?: string;
  /**
   * Shared provider plugin cache for every terraform child. Default: the
   * TF_PLUGIN_CACHE_DIR of `env`/the process, else `.tfdoctor/plugin-cache`
   * under the cwd. `false`: leave the children's cache settings alone.
   */
  pluginCacheDir?: string | false;
  onProgress?: (event: FleetProgressEvent) => void;
  /** Runs one account; default planAccount. */
  planAccount?: AccountPlanner;
  /** Clock for progress events, for tests. */
  clock?: () => number;
}

/** Plans every selected account and returns one FleetReport. Throws only on bad options (unknown account, bad shard). */
export async function planFleet(opts: PlanFleetOptions): Promise<FleetReport> {
  const {
    inventory,
    accounts: only,
    concurrency = 4,
    shard,
    workRoot,
    pluginCacheDir,
    onProgress,
    planAccount: injected,
    clock = Date.now,
    ...rest
  } = opts;
  const accounts = fleetAccounts(inventory, only, shard);
  // Loaded lazily: it pulls in the doctor and the terraform wrappers, which tests of the pool do not need.
  const planOne: AccountPlanner = injected ?? (await import('./plan-account.js')).planAccount;
  const emit = (account: string, phase: FleetPhase, extra: Partial<FleetProgressEvent> = {}): void => {
    onProgress?.({ account, phase, at: clock(), ...extra });
  };
  for (const a of accounts) emit(a, 'queued');

  // One plugin cache for all accounts, warmed by ONE init before the pool
  // starts. Terraform's cache is not safe for concurrent first-time installs,
  // and (seen on 1.11.4) a working dir without a lock file does not even read
  // the cache: it re-installs from the mirror and rewrites the cache entry, so
  // N parallel first inits are N writers of the same entry. With the cache warm
  // and TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE=true, inits only read it
  // ("Using hashicorp/aws v5.100.0 from the shared cache directory").
  let env = rest.env;
  if (pluginCacheDir !== false && accounts.length > 0) {
    const cache = resolve(pluginCacheDir ?? env?.['TF_PLUGIN_CACHE_DIR'] ?? process.env['TF_PLUGIN_CACHE_DIR'] ?? join('.tfdoctor', 'plugin-cache'));
    env = { TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true', ...env, TF_PLUGIN_CACHE_DIR: cache };
    const versions = [...new Set(accounts.map((a) => inventory.accounts.find((x) => x.name === a)?.providerVersion).filter((v): v is string => !!v))];
    await prewarmPluginCache({ cacheDir: cache, providerVersions: versions, env, ...(rest.terraformBin ? { terraformBin: rest.terraformBin } : {}), ...(rest.signal ? { signal: rest.signal } : {}) });
  }

  const results = await runPool(
    accounts,
    concurrency,
    async (account) => {
      rest.signal?.throwIfAborted();
      emit(account, 'synth');
      // Inside the worker: a name that cannot be a folder fails its own account only.
      const dir = workRoot === undefined ? undefined : join(resolve(workRoot), safeSegment(account));
      const { report } = await planOne({
        ...rest,
        ...(env ? { env } : {}),
        inventory,
        account,
        ...(dir ? { workDir: dir } : {}),
        onProgress: (event: unknown) => {
          const phase = phaseOf(event);
          if (phase) emit(account, phase);
        },
      });
      emit(account, 'done', { findings: report.findings.length });
      return report;
    },
    rest.signal,
  );

  const reports: Report[] = [];
  const failures: FleetReport['failures'] = [];
  results.forEach((r, i) => {
    const account = accounts[i] as string;
    if (r.status === 'fulfilled') {
      reports.push(r.value);
    } else {
      const error = errorText(r.reason).split('\n').slice(0, 12).join('\n');
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

export interface PrewarmOptions {
  cacheDir: string;
  /** The `aws` provider version constraints to install (the accounts' providerVersion). */
  providerVersions: readonly string[];
  terraformBin?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

/**
 * Fills the plugin cache with one `terraform init` per provider version, in a
 * throwaway dir with nothing but `required_providers` (no backend: no state is
 * touched). A failure here is not the fleet's failure: each account's own init
 * then reports the real problem in its own row.
 */
export async function prewarmPluginCache(opts: PrewarmOptions): Promise<boolean> {
  await mkdir(opts.cacheDir, { recursive: true });
  let ok = true;
  for (const version of opts.providerVersions) {
    // An exact version already in the cache needs no init (saves a terraform start per fleet run).
    if (/^\d+\.\d+\.\d+$/.test(version) && (await isDir(join(opts.cacheDir, 'registry.terraform.io', 'hashicorp', 'aws', version, terraformPlatform())))) continue;
    const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-prewarm-'));
    try {
      const config = { terraform: { required_providers: { aws: { source: 'hashicorp/aws', version } } } };
      await writeFile(join(dir, 'main.tf.json'), JSON.stringify(config));
      await init(
        {
          bin: terraformBin(opts.terraformBin),
          cwd: dir,
          // With the waiver an empty cache is filled and a warm one only read (seen on 1.11.4).
          env: { ...opts.env, TF_PLUGIN_CACHE_DIR: opts.cacheDir, TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true' },
          ...(opts.signal ? { signal: opts.signal } : {}),
        },
        {},
      );
    } catch {
      if (opts.signal?.aborted) throw opts.signal.reason;
      ok = false;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return ok;
}

/** Terraform's name for this platform, as in the cache's folder layout (e.g. linux_amd64). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const a = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${platform}_${a}`;
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isDirectory(), () => false);
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


