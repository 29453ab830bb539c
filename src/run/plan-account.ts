/**
 * `tfdoctor plan` for one account (or any Terraform working dir): synthesize,
 * run ONE `terraform plan -out` (+ `show -json` of it), probe what the plan
 * alone cannot tell, diagnose, and build the report.
 *
 * Cost on an initialised dir with a clean plan is exactly `plan -out` +
 * `show -json` + reading the plan zip: no `version`, no `init`, no `state pull`
 * (lineage/serial/sha256 come from the plan file's `tfstate`), no probes. The
 * extra work only happens when there is something to look at:
 *   - `state pull` before the synth of an account that keeps a secret across runs
 *     (RDS password, ...), unless the kept work dir's last plan holds the state: the
 *     config is then synthesized from that plan's `tfstate-prev` and planned at once,
 *     and the new plan's own `tfstate-prev` must give the same config (else the state
 *     is pulled and the plan runs again);
 *   - `show -json` only when the plan can hold a finding (planJsonNeeded);
 *   - `init` when `.terraform/` is missing or the plan says init is required;
 *   - one probe plan when the plan creates objects whose import id is known;
 *   - EC2 DescribeImages when the plan failed on an image lookup.
 */
import { resolve } from 'node:path';
import { rm, stat } from 'node:fs/promises';
import { buildReport, diagnose, importIdFor } from '../doctor/index.js';
import { compareWithBaseline } from '../doctor/baseline.js';
import { ownLostLockInDiagnostics } from '../doctor/lock-info.js';
import { EXTRACT } from '../doctor/patterns.js';
import type { AccountGate, AmiLookup, ExistsProbe } from '../doctor/index.js';
import type { FleetReport, Report } from '../doctor/report.js';
import { EnvironmentError, InputError, TerraformExitError } from '../errors.js';
import type { Diagnostic, PlanJson, UiMessage } from '../tfjson/index.js';
import type { TerraformContext } from '../state/terraform/context.js';
import { mirrorCliConfigIfNeeded } from '../state/cli-config.js';
import { terraformBin } from '../state/terraform/binary.js';
import { traceEvent } from '../state/terraform/exec.js';
import { init } from '../state/terraform/init.js';
import { plan, type PlanRun } from '../state/terraform/plan.js';
import { showPlan } from '../state/terraform/show.js';
import { readPlanFilePrevState, readPlanFileState } from '../state/plan-file.js';
import type { StateSnapshot } from '../state/state-snapshot.js';
import type { AccountInfo, Inventory } from '../synth/index.js';
import { hasAmiNotFound } from './ami-diagnostics.js';
import { probeCandidates, runExistsProbe, type ProbeCandidate } from './probes.js';
import { ensurePrivateDir, initRequired, makePrivateWorkDir, needsInit, planFilePath, readRootConfig, reconfigureRequired, removeDir } from './workdir.js';
import { statePullIfAny } from '../state/terraform/state-pull.js';
import { readErroredState } from '../state/errored-state.js';
import { rawStateAddresses } from '../tfjson/raw-state.js';
import { readJournals } from '../repair/journal.js';
import type { RepairInProgress } from '../doctor/types.js';
import type { SynthOptions } from '../synth/synth-options.js';
import type { SecretSource } from '../synth/secret-source.js';
import { firstLines } from '../util/text.js';

/** The phases of planAccount, as reported to `onProgress`. */
export type PlanPhase = 'synth' | 'state' | 'init' | 'plan' | 'show' | 'probe' | 'ami' | 'diagnose' | 'done';

/** One progress event of planAccount (`onProgress`). */
export interface PlanProgressEvent {
  phase: PlanPhase;
  account?: string;
  /** One line for a person. */
  message: string;
  /** ms since the epoch. */
  at: number;
}

/**
 * What planAccount takes, in four groups (each phase reads one or two of them):
 * what to plan, how terraform runs, how the doctor judges, how the caller hears back.
 * An inventory + account, or a dir (or both: the inventory then supplies only the deletion gate).
 */
export interface PlanAccountOptions extends PlanTargetOptions, PlanTerraformOptions, PlanJudgementOptions, PlanReportingOptions {}

/** What to plan: an inventory account (synthesized) or a working dir. */
export interface PlanTargetOptions {
  /** Parsed inventory (src/synth `loadInventory`); with `account`, the config is synthesized from it. */
  inventory?: Inventory;
  account?: string;
  /**
   * An existing Terraform working dir (any project, not only synthesized ones).
   * With `inventory` + `account` too, the inventory only supplies the account's
   * deletion gate; nothing is synthesized.
   */
  dir?: string;
  /**
   * Where the synthesized config goes. Default: a fresh private temp dir (0700),
   * removed when the call returns (the config can hold a password; `dir` and
   * `planFile` of the result then name what is gone). Given: created 0700 if
   * missing and kept, `.terraform/` included, so the next run is warm.
   */
  workDir?: string;
  /**
   * What synthesis takes from outside the inventory (src/synth SynthOptions).
   * Without `priorState`, an account that keeps a secret across runs (see
   * `needsPriorState`) has its state read from the backend before synthesis.
   */
  synthOptions?: SynthOptions;
  /**
   * Where the Vault secrets the inventory names come from (`--secrets FILE`, or Vault's KV API:
   * src/synth/secret-source.ts `secretSourceFromOptions`). Read before synthesis, only when the
   * account's entries name a Vault secret and `synthOptions.secrets` is not given.
   */
  secretSource?: SecretSource;
}

/** How terraform (and the AWS SDK) run: binary, environment, backend config, lock timeout, cancellation, time limit. */
export interface PlanTerraformOptions {
  /** terraform or tofu: option, else TFDOCTOR_TERRAFORM_BIN, else `terraform` on PATH. */
  terraformBin?: string;
  /** Extra environment for terraform and the AWS SDK (endpoint, credentials, TF_CLI_CONFIG_FILE). */
  env?: Record<string, string | undefined>;
  /** `-backend-config` pairs for `init` (e.g. { use_path_style: 'true' }). */
  backendConfig?: Record<string, string>;
  /** `-lock-timeout` for the plan (default: terraform's, 0s: a held lock is reported at once). */
  lockTimeout?: string;
  signal?: AbortSignal;
  /** Time limit per terraform call, ms (terraform and its providers are stopped, the lock released). */
  timeoutMs?: number;
  /** Run the exists-unmanaged probe plan when the plan creates something (default true). */
  probe?: boolean;
  /** `plan -refresh-only`: state against reality only (drift, no gate findings); for when the config is in doubt. */
  refreshOnly?: boolean;
}

/** How the doctor judges: the clock, the stale-lock age, the deletion gate override, the baseline. */
export interface PlanJudgementOptions {
  /** The clock the doctor uses (lock age, approval expiry). Default: now. */
  now?: Date;
  /** A lock older than this is stale and force-unlock is proposed. Default 1 h. */
  lockStaleAfterMs?: number;
  /** The run-level `--enable-deletion` (as the reconciler's): deletions pass the gate whatever the account says. */
  enableDeletion?: boolean;
  /**
   * The previous run's report (`readBaseline(file)`; one account's or a fleet's):
   * each finding is marked `new` or `open` and the report lists what was resolved.
   * `{ previous: undefined }` is a first run: everything is new.
   */
  baseline?: { previous: Report | FleetReport | undefined };
}

/** How the caller hears back: progress events and terraform's lines. */
export interface PlanReportingOptions {
  onProgress?: (event: PlanProgressEvent) => void;
  /** Every line terraform prints (for `--verbose`). */
  onTerraformLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** What planAccount returns: the report, and what it was made from (plan JSON, diagnostics, probes, the prior state). */
export interface PlanAccountResult {
  report: Report;
  /** The working dir the plan ran in. */
  dir: string;
  /** The saved plan (in `<dir>/.terraform/`), when the plan completed. */
  planFile?: string;
  plan?: PlanJson;
  /** The prior state the plan was made against (from the plan file). */
  state?: StateSnapshot;
  diagnostics: Diagnostic[];
  probes: ExistsProbe[];
  amis: AmiLookup[];
  /** Whether `init` ran in this call. */
  initRan: boolean;
  /** Things tfdoctor could not check (a probe that failed, a DescribeImages error); the report is still valid. */
  warnings: string[];
  timingsMs: Partial<Record<'synth' | 'state' | 'init' | 'plan' | 'show' | 'probe' | 'ami' | 'diagnose' | 'total', number>>;
}

/** Plans one account (synthesized from the inventory) or any working dir, and diagnoses it: init when needed, one `plan -out`, `show -json` when the plan can hold a finding, probes, AMI lookup. Never changes the state; the one lock it may remove is the plan's own lost write (planPhase). Cancel with `signal`; progress through `onProgress`. */
export async function planAccount(opts: PlanAccountOptions): Promise<PlanAccountResult> {
  const { workDir, ownedDir, synthesize, info } = await resolveTarget(opts);
  try {
    const run = runContext(opts, workDir, synthesize, info);
    let reuse: StateReuse | undefined;
    if (synthesize) {
      const synthesized = await synthesizePhase(run);
      if (synthesized.done) return synthesized.done;
      reuse = synthesized.reuse;
    }
    if (await needsInit(workDir)) await run.runInit(false);
    let planRun = await planPhase(run);
    if (reuse && !(await reuseHeld(run, reuse, planRun))) {
      // The state changed since the last plan (or this plan cannot tell): the serial way, then plan again.
      await reuse.readStateAndSynth();
      planRun = await planPhase(run);
    }
    const { planJson, state } = await showPhase(run, planRun);
    const probes = planJson && opts.probe !== false ? await probePhase(run, planJson) : [];
    const amis = hasAmiNotFound(planRun.diagnostics) ? await amiPhase(run, planRun) : [];
    // What a failed state write left behind (a plan never prints the apply's error).
    const errored = await readErroredState(workDir);
    // A repair that stopped half-way (tfdoctor killed after it pinned the lock) left its journal.
    const repairs = await readJournals(workDir);
    return diagnosePhase(run, { planRun, planJson, state, probes, amis, ...(errored ? { errored } : {}), repairs });
  } finally {
    if (ownedDir) await removeDir(ownedDir);
  }
}

/** What every phase of one planAccount call shares: the options, the terraform context, the clock, the timings, the warnings. */
interface PlanRunContext {
  opts: PlanAccountOptions;
  tf: TerraformContext;
  workDir: string;
  /** The account's deletion gate and default region (from the inventory), once known. */
  info: AccountInfo | undefined;
  now: Date;
  started: number;
  timings: PlanAccountResult['timingsMs'];
  warnings: string[];
  initRan: boolean;
  progress(phase: PlanPhase, message: string): void;
  timed<T>(key: keyof PlanAccountResult['timingsMs'], fn: () => Promise<T>): Promise<T>;
  runInit(reconfigure: boolean): Promise<void>;
}

/** Phase 1: where the plan runs (a given dir, a kept work dir, or a private temp dir) and the account's deletion gate. */
async function resolveTarget(opts: PlanAccountOptions): Promise<{ workDir: string; ownedDir?: string; synthesize: boolean; info?: AccountInfo }> {
  let info: AccountInfo | undefined;
  const synthesize = !!(opts.inventory && opts.account && !opts.dir);
  if (opts.inventory && opts.account) {
    if (opts.dir) info = (await import('../synth/index.js')).accountInfo(opts.inventory, opts.account);
  } else if (opts.account && !opts.dir) {
    throw new InputError('--account needs --inventory (the account is synthesized from it)');
  } else if (opts.inventory && !opts.dir) {
    throw new InputError('--inventory needs --account (or --all-accounts)');
  }
  if (opts.dir) {
    const dir = resolve(opts.dir);
    const st = await stat(dir).catch(() => undefined);
    if (!st?.isDirectory()) throw new InputError('not a directory', opts.dir);
    return { workDir: dir, synthesize, ...(info ? { info } : {}) };
  }
  if (synthesize && opts.account) {
    // The synthesized config can hold a password: only its user may read the dir.
    if (opts.workDir) {
      const dir = resolve(opts.workDir);
      await ensurePrivateDir(dir);
      return { workDir: dir, synthesize };
    }
    const dir = await makePrivateWorkDir(opts.account);
    return { workDir: dir, ownedDir: dir, synthesize };
  }
  throw new InputError('give --inventory PATH --account NAME, or --dir TFDIR');
}

function runContext(opts: PlanAccountOptions, workDir: string, synthesize: boolean, info: AccountInfo | undefined): PlanRunContext {
  const started = Date.now();
  const tf: TerraformContext = {
    bin: terraformBin(opts.terraformBin),
    cwd: workDir,
    // A synthesized account's backend key is its own: always the default workspace (childEnv passes a parent TF_WORKSPACE through otherwise).
    ...(synthesize ? { env: { ...opts.env, TF_WORKSPACE: undefined } } : opts.env ? { env: opts.env } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    ...(opts.onTerraformLine ? { onLine: opts.onTerraformLine } : {}),
  };
  const ctx: PlanRunContext = {
    opts,
    tf,
    workDir,
    info,
    now: opts.now ?? new Date(),
    started,
    timings: {},
    warnings: [],
    initRan: false,
    progress: (phase, message) =>
      opts.onProgress?.({ phase, message, at: Date.now(), ...(opts.account ? { account: opts.account } : {}) }),
    timed: async (key, fn) => {
      const t0 = Date.now();
      try {
        return await fn();
      } finally {
        ctx.timings[key] = (ctx.timings[key] ?? 0) + Date.now() - t0;
      }
    },
    runInit: async (reconfigure) => {
      ctx.progress('init', `terraform init${reconfigure ? ' -reconfigure' : ''} in ${workDir}`);
      const mirrorConfig = await mirrorCliConfigIfNeeded(opts.env);
      try {
        const itf = mirrorConfig ? { ...tf, env: { ...tf.env, TF_CLI_CONFIG_FILE: mirrorConfig.file } } : tf;
        await ctx.timed('init', () => init(itf, { ...(opts.backendConfig ? { backendConfig: opts.backendConfig } : {}), reconfigure }));
      } finally {
        await mirrorConfig?.remove();
      }
      ctx.initRan = true;
    },
  };
  return ctx;
}

/**
 * Phase 2: synthesize; when the account keeps a secret across runs (RDS password,
 * ElastiCache auth token), with its current state, as the reference reads the
 * current value before it synthesizes. The state is read through the backend,
 * so the dir is initialised first with a config that has the same backend and
 * providers (the one synthesized without the state). Returns a finished result
 * when an asg's image is missing (nothing to plan).
 */
async function synthesizePhase(ctx: PlanRunContext): Promise<{ done?: PlanAccountResult; reuse?: StateReuse }> {
  const { opts, tf, workDir, progress, timed } = ctx;
  const inventory = opts.inventory as Inventory;
  const account = opts.account as string;
  // Loaded only here: synth pulls in cdktf, which `--dir` must not pay for.
  const synth = await import('../synth/index.js');
  // The reference looks each asg's image up while it synthesizes and stops when
  // one is missing: the same lookup happens first here, and a miss is reported
  // (ami-not-found, with the commits that have an image) without running terraform.
  const images = new Map<string, { imageId: string }>(opts.synthOptions?.images ?? []);
  if (inventory.resources.some((r) => r.account === account && r.kind === 'asg')) {
    progress('ami', 'looking up the asg images (DescribeImages by tag)');
    const ami = await import('./ami-lookup.js');
    const resolved = await timed('ami', () =>
      ami.resolveImages(inventory, account, {
        defaultRegion: synth.accountInfo(inventory, account).defaultRegion,
        ...(opts.env ? { env: opts.env } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    );
    for (const [k, v] of resolved.images) if (!images.has(k)) images.set(k, v);
    if (resolved.missing.length) return { done: amiMissingResult(opts, account, resolved.missing, ctx.now, ctx.started, ctx.timings, workDir) };
  }
  // rosa-authenticator's callback bucket logo: the reference reads it from S3 while it
  // synthesizes (head_bucket + download_file); tfdoctor reads it first, the same way.
  let callbackLogos = opts.synthOptions?.callbackLogos;
  if (!callbackLogos && inventory.resources.some((r) => r.account === account && r.kind === 'rosa-authenticator')) {
    progress('synth', 'reading the rosa-authenticator callback bucket logo (S3)');
    const cb = await import('./callback-bucket.js');
    callbackLogos = await timed('synth', () =>
      cb.readCallbackLogos(inventory, account, {
        defaultRegion: synth.accountInfo(inventory, account).defaultRegion,
        ...(opts.env ? { env: opts.env } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      }),
    );
  }
  const base: SynthOptions = { ...opts.synthOptions, images, ...(callbackLogos ? { callbackLogos } : {}) };
  if (opts.secretSource && !base.secrets) {
    const { gatherSecrets, vaultRefsOf } = await import('../synth/secret-source.js');
    if (vaultRefsOf(inventory, account).length) {
      progress('synth', `reading the Vault secrets ${account} names from ${opts.secretSource.description}`);
      // Only the fields go on: no value is ever part of a progress line, a warning or the report.
      base.secrets = await timed('synth', () => gatherSecrets(inventory, account, opts.secretSource as SecretSource));
    }
  }
  const withState = !base.priorState && synth.needsPriorState(inventory, account);
  progress('synth', `synthesizing ${account}`);
  // With the state still to read, this first config only has to carry the backend
  // and providers for init: a secret it lacks may be a placeholder (bootstrap).
  const cfg = await timed('synth', async () => synth.synthAccount(inventory, account, withState ? { ...base, bootstrap: true } : base));
  ctx.info = cfg.account;
  await timed('synth', () => synth.writeWorkingDir(cfg, workDir));
  if (withState) {
    if (await needsInit(workDir)) await ctx.runInit(false);
    const bootstrap = cfg;
    // Again with the state; without one, again only where the bootstrap may have
    // held a placeholder (a secret only Vault or the state has): then it fails as the reference does.
    const again = (current: StateSnapshot | undefined): boolean =>
      !!current || inventory.resources.some((r) => r.account === account && synth.bootstrapMayHoldPlaceholder(r));
    const configFor = (current: StateSnapshot | undefined): typeof cfg =>
      again(current) ? synth.synthAccount(inventory, account, { ...base, priorState: current ? synth.priorStateFromRaw(current.state) : undefined }) : bootstrap;
    /** Synthesizes from `current` and writes the config; `bootstrapWritten` false: the dir holds another config, so even the bootstrap is written again. */
    const writeFor = async (current: StateSnapshot | undefined, how: string, bootstrapWritten: boolean): Promise<typeof cfg> => {
      if (!again(current)) {
        if (!bootstrapWritten) await timed('synth', () => synth.writeWorkingDir(bootstrap, workDir));
        return bootstrap;
      }
      progress('synth', `synthesizing ${account}${current ? how : ''}`);
      const out = await timed('synth', async () => configFor(current));
      await timed('synth', () => synth.writeWorkingDir(out, workDir));
      return out;
    };
    const readStateAndSynth = async (bootstrapWritten: boolean): Promise<void> => {
      progress('state', `reading the current state of ${account} (secrets kept across runs)`);
      // No onLine: the pulled state holds the password; it must never reach a log line.
      const current = await timed('state', () => statePullIfAny({ ...tf, onLine: undefined }));
      await writeFor(current, ' with its current state', bootstrapWritten);
    };
    // A kept work dir holds the last run's plan, and in it the state that plan was made
    // against: synthesize from that and plan at once; the new plan file's own copy of the
    // state then says whether it still holds (reuseHeld), else the serial way runs.
    const last = await timed('state', () => lastPlanState(workDir));
    if (last) {
      progress('state', `reading the state of ${account} the last plan was made against (checked against this plan's)`);
      const written = await writeFor(last, ' with the state of its last plan', true);
      return { reuse: { config: JSON.stringify(written.json), configFor: (s) => JSON.stringify(configFor(s).json), readStateAndSynth: () => readStateAndSynth(false) } };
    }
    await readStateAndSynth(true);
  }
  return {};
}

/**
 * A config synthesized from the state of the work dir's last plan, planned before the
 * state is read: it stands when the state this plan was made against gives the same config.
 */
interface StateReuse {
  /** The config planned (JSON text). */
  config: string;
  /** The config (JSON text) the serial way would synthesize from this state. */
  configFor(state: StateSnapshot | undefined): string;
  /** The serial way: `state pull`, then synthesize from it and write the config. */
  readStateAndSynth(): Promise<void>;
}

/**
 * The state the work dir's last plan was made against (its `tfstate-prev`: the state as
 * read from the backend, before refresh), or undefined when there is no such plan or no state.
 */
async function lastPlanState(workDir: string): Promise<StateSnapshot | undefined> {
  return readPlanFilePrevState(planFilePath(workDir)).catch(() => undefined);
}

/**
 * Whether the config planned from the last plan's state is the one the serial way gives:
 * the new plan file's `tfstate-prev` is the state this plan read from the backend (under its
 * lock), so a `state pull` before the plan would have given this state or an older one.
 * Same config from it: the plan is the one the serial way makes.
 */
async function reuseHeld(ctx: PlanRunContext, reuse: StateReuse, run: PlanRun): Promise<boolean> {
  if (!run.planFile) return false;
  const planFile = run.planFile;
  return ctx.timed('state', async () => {
    const current = await readPlanFilePrevState(planFile).catch(() => undefined);
    if (!current) return false;
    return reuse.configFor(current) === reuse.config;
  });
}

/** Phase 3: the plan (once more after init when the plan says init is required). A plan file left by an earlier run must never be read as this run's. */
async function planPhase(ctx: PlanRunContext): Promise<PlanRun> {
  const { opts, tf, workDir } = ctx;
  const out = planFilePath(workDir);
  const runPlan = async (): Promise<PlanRun> => {
    await rm(out, { force: true });
    ctx.progress('plan', `terraform plan -out in ${workDir}`);
    return ctx.timed('plan', () => plan(tf, {
      out,
      lockAttemptLine: EXTRACT.backendLockAttempt.re,
      ...(opts.lockTimeout ? { lockTimeout: opts.lockTimeout } : {}),
      ...(opts.refreshOnly ? { refreshOnly: true } : {}),
    }));
  };
  let run = await runPlan();
  if (run.exitCode === 1 && !ctx.initRan && initRequired(run.diagnostics)) {
    await ctx.runInit(reconfigureRequired(run.diagnostics));
    run = await runPlan();
  }
  // The plan's own lock write: its answer was lost, the SDK's retry failed on the
  // record the first attempt wrote, and terraform left it behind. Not another run's
  // lock (IDs are random per run): release it and plan once more. When the second
  // plan loses its write too, its lock is released as well and the run stops: a
  // `state-lock-held` finding would name a holder that is not there.
  for (let attempt = 1; attempt <= 2; attempt++) {
    const own = run.exitCode === 1 ? ownLostLockInDiagnostics(run.diagnostics, run.attemptedLockIds) : undefined;
    if (!own) break;
    const { releaseOwnLostLock } = await import('../repair/lock.js');
    if ((await ctx.timed('plan', () => releaseOwnLostLock(tf, run))) !== own) break;
    const what = `the answer to terraform's lock write was lost and its retry found the plan's own lock ${own}: released it (terraform force-unlock)${attempt === 1 ? ' and planned again' : ''}`;
    ctx.progress('plan', what);
    ctx.warnings.push(what);
    if (attempt === 2) {
      throw new EnvironmentError(
        `terraform could not take the state lock of ${opts.account ?? workDir}: the answer to its lock write was lost twice (each time the lock it wrote was its own, and it is released)`,
        'the lock table or the state bucket is not answering reliably: run the plan again',
      );
    }
    run = await runPlan();
  }
  return run;
}

/**
 * Phase 4: show -json and the state binding, from the same plan file, side by side.
 * `show -json` starts the provider again only to load its schema (~40 % of a
 * clean account's time, seen on 1.11.4). When the plan has no changes
 * (-detailed-exitcode 0) and its stream reported no drift, the plan JSON
 * cannot hold a finding: skip it; the state binding comes from the plan file.
 */
async function showPhase(ctx: PlanRunContext, run: PlanRun): Promise<{ planJson?: PlanJson; state?: StateSnapshot }> {
  if (!run.planFile) return {};
  const planFile = run.planFile;
  const needed = planJsonNeeded(run.exitCode, run.messages, {
    // Read from the dir only when it decides (a plan with no change whose drift is all updates).
    updateDriftMoot: async () => !ctx.opts.refreshOnly && (await rootHasNoModuleCalls(ctx.workDir)),
  });
  if (!(await needed)) return { state: await readPlanFileState(planFile) };
  ctx.progress('show', 'terraform show -json');
  // No onLine: show -json prints sensitive values (outputs' `before`, prior_state) in clear; it is for the doctor, not the log.
  const [planJson, state] = await ctx.timed('show', () => Promise.all([showPlan({ ...ctx.tf, onLine: undefined }, planFile), readPlanFileState(planFile)]));
  return { planJson, state };
}

/** Phase 5: probes: objects the plan would create that already exist. A probe that fails is a warning, not a failure. */
async function probePhase(ctx: PlanRunContext, planJson: PlanJson): Promise<ExistsProbe[]> {
  const candidates: ProbeCandidate[] = probeCandidates(planJson, (rc) => importIdFor(rc.type, rc.change.after));
  if (!candidates.length) return [];
  ctx.progress('probe', `checking whether ${candidates.length} planned create(s) already exist`);
  try {
    const outcome = await ctx.timed('probe', () =>
      runExistsProbe(ctx.workDir, candidates, (probeDir) => plan({ ...ctx.tf, cwd: probeDir, onLine: undefined }, { lock: false, refresh: true })),
    );
    if (outcome.undecided.length) {
      ctx.warnings.push(
        `exists probe could not decide ${outcome.undecided.map((c) => c.address).join(', ')}` +
          (outcome.otherDiagnostics.length ? `: ${outcome.otherDiagnostics.map((d) => d.summary).join('; ')}` : ''),
      );
    }
    return outcome.probes;
  } catch (err) {
    if (ctx.opts.signal?.aborted) throw err;
    ctx.warnings.push(`exists probe failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return [];
  }
}

/** Phase 6: AMI lookup, only when a plan failed on an image query. */
async function amiPhase(ctx: PlanRunContext, run: PlanRun): Promise<AmiLookup[]> {
  const { opts, info, workDir } = ctx;
  // Loaded only here: the EC2 client costs ~0.3 s to import and a clean plan never needs it.
  const ami = await import('./ami-lookup.js');
  ctx.progress('ami', 'looking up which commits have an image');
  return ctx.timed('ami', async () => {
    const config = await readRootConfig(workDir);
    const docs = config.json.map((c) => c.doc);
    const queries = [...ami.amiQueriesFromJson(docs), ...ami.amiQueriesFromHcl(config.hcl.map((h) => h.text))];
    const failed = new Set(ami.failedAmiAddresses(run.diagnostics, queries.map((q) => q.address)));
    const meta = ami.accountFromConfig(docs);
    const res = await ami.lookupAmis(queries.filter((q) => failed.has(q.address)), {
      account: info?.name ?? meta.name ?? meta.uid ?? opts.account ?? '',
      ...(info?.defaultRegion ? { defaultRegion: info.defaultRegion } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    ctx.warnings.push(...res.errors);
    return res.lookups;
  });
}

/** Phase 7: diagnose and build the report (compared with the baseline when one is given). A failed plan never comes out as a clean report. */
function diagnosePhase(
  ctx: PlanRunContext,
  got: { planRun: PlanRun; planJson: PlanJson | undefined; state: StateSnapshot | undefined; probes: ExistsProbe[]; amis: AmiLookup[]; errored?: StateSnapshot & { file: string }; repairs?: RepairInProgress[] },
): PlanAccountResult {
  const { opts, info, workDir, now } = ctx;
  const { planRun: run, planJson, state, probes, amis, errored, repairs } = got;
  ctx.progress('diagnose', 'diagnosing');
  const t0 = Date.now();
  const account: AccountGate | undefined = info
    ? { name: info.name, enableDeletion: info.enableDeletion, deletionApprovals: info.deletionApprovals }
    : undefined;
  const text = run.exitCode === 1 ? [run.stderr, ...run.otherStdout].filter((s) => s.trim()).join('\n') : '';
  const findings = diagnose({
    ...(planJson ? { plan: planJson } : {}),
    diagnostics: run.diagnostics,
    ...(text ? { text } : {}),
    ...(account ? { account } : {}),
    ...(opts.enableDeletion ? { enableDeletion: true } : {}),
    planMode: opts.refreshOnly ? 'refresh-only' : 'normal',
    probes,
    amis,
    now,
    ...(opts.lockStaleAfterMs !== undefined ? { lockStaleAfterMs: opts.lockStaleAfterMs } : {}),
    ...(repairs?.length ? { repairsInProgress: repairs } : {}),
    ...(errored ? {
      erroredState: {
        file: errored.file, lineage: errored.state.lineage, serial: errored.state.serial, sha256: errored.sha256,
        addresses: rawStateAddresses(errored.state),
        ...(state ? { current: { lineage: state.state.lineage, serial: state.state.serial } } : {}),
      },
    } : {}),
  });
  if (run.exitCode === 1 && findings.length === 0) {
    throw new TerraformExitError([ctx.tf.bin, 'plan'], 1, run.otherStdout.join('\n'), run.stderr,
      `terraform plan failed in ${workDir} and tfdoctor could not classify why:\n${firstLines(run.diagnostics.map((d) => `${d.summary}: ${d.detail ?? ''}`).join('\n') || run.stderr, 12)}`);
  }
  const terraformVersion = planJson?.terraform_version ?? versionFromStream(run.messages);
  const built = buildReport({
    target: { ...(opts.account ? { account: opts.account } : {}), dir: workDir },
    ...(terraformVersion ? { terraformVersion } : {}),
    ...(state ? { state: { lineage: state.state.lineage, serial: state.state.serial, sha256: state.sha256 } } : {}),
    findings,
    planMode: opts.refreshOnly ? 'refresh-only' : 'normal',
    now,
  });
  const report = opts.baseline ? compareWithBaseline(built, opts.baseline.previous) : built;
  ctx.timings.diagnose = Date.now() - t0;
  ctx.timings.total = Date.now() - ctx.started;
  traceEvent({ cmd: 'planAccount', startMs: Math.round(ctx.started - performance.timeOrigin), ...(ctx.timings as Record<string, number>) });
  ctx.progress('done', `${findings.length} finding(s)`);

  return {
    report,
    dir: workDir,
    ...(run.planFile ? { planFile: run.planFile } : {}),
    ...(planJson ? { plan: planJson } : {}),
    ...(state ? { state } : {}),
    diagnostics: run.diagnostics,
    probes,
    amis,
    initRan: ctx.initRan,
    warnings: ctx.warnings,
    timingsMs: ctx.timings,
  };
}

/** The account could not be synthesized because an asg's image is missing (as in the reference): report it, no terraform run. */
function amiMissingResult(
  opts: PlanAccountOptions,
  account: string,
  missing: readonly import('./ami-lookup.js').MissingImage[],
  now: Date,
  started: number,
  timings: PlanAccountResult['timingsMs'],
  dir: string,
): PlanAccountResult {
  const info = opts.inventory ? accountGateOf(opts.inventory, account) : undefined;
  const amis = missing.map((m) => m.lookup);
  const findings = diagnose({ diagnostics: [], text: missing.map((m) => m.message).join('\n'), amis, now, ...(info ? { account: info } : {}) });
  const report = buildReport({ target: { account, dir }, findings, now });
  timings.total = Date.now() - started;
  opts.onProgress?.({ phase: 'done', account, message: `${findings.length} finding(s)`, at: Date.now() });
  return { report, dir, diagnostics: [], probes: [], amis, initRan: false, warnings: [], timingsMs: timings };
}

function accountGateOf(inv: Inventory, name: string): AccountGate | undefined {
  const a = inv.accounts.find((x) => x.name === name);
  return a ? { name: a.name, enableDeletion: a.enableDeletion ?? false, deletionApprovals: a.deletionApprovals ?? [] } : undefined;
}

/** `plan -json` starts with `{"type":"version","terraform":"1.11.4",...}`: the version for free, even when the plan fails. */
export function versionFromStream(messages: readonly UiMessage[]): string | undefined {
  return messages.find((x) => x.type === 'version')?.terraform;
}


/**
 * Whether the plan JSON (`show -json`) can hold anything the doctor reports: not
 * when the plan has no changes and its `-json` stream reported no drift (Terraform
 * streams a `resource_drift` message per drifted object; pinned by the captured
 * fixtures in test/golden/plan-json-needed.test.ts).
 */
export function planJsonNeeded(exitCode: number, messages: readonly UiMessage[]): boolean;
/**
 * With `updateDriftMoot`: also not when every drift the stream reported is an update and
 * `updateDriftMoot()` says such a drift cannot be a finding. The doctor reports an update
 * drift on a plan with no change only at a path in `relevant_attributes` (changedOutOfBand),
 * and Terraform 1.11 fills that list only from the references of non-no-op resource and
 * output changes (Context.relevantResourceAttrsForPlan). Exit 0 (-detailed-exitcode) means
 * no resource and no root-module output change; a module's output is the one change left,
 * so the caller answers for a root config without module calls, in a normal (not
 * refresh-only) plan. Seen on moto and real AWS: every RDS instance drifts on every plan
 * (`latest_restorable_time`), so without this an account with a database never skips show.
 */
export function planJsonNeeded(exitCode: number, messages: readonly UiMessage[], opts: { updateDriftMoot: () => Promise<boolean> }): Promise<boolean>;
export function planJsonNeeded(exitCode: number, messages: readonly UiMessage[], opts?: { updateDriftMoot: () => Promise<boolean> }): boolean | Promise<boolean> {
  const drifts = messages.filter((m) => m.type === 'resource_drift');
  const strict = exitCode !== 0 || drifts.length > 0;
  if (!opts) return strict;
  if (exitCode !== 0 || !drifts.length) return Promise.resolve(strict);
  if (drifts.some((m) => m.change?.action !== 'update')) return Promise.resolve(true);
  return opts.updateDriftMoot().then((moot) => !moot);
}

/** The root module calls no module: every `*.tf.json` without a `module` block, and no HCL file (not parsed here, so counted as one that may). */
export async function rootHasNoModuleCalls(dir: string): Promise<boolean> {
  const config = await readRootConfig(dir);
  return config.hcl.length === 0 && config.json.length > 0 && config.json.every((c) => !('module' in c.doc));
}
