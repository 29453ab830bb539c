/**
 * Runs one terraform command. Every wrapper in this folder goes through here:
 * argv array (never a shell string), cwd = tf.cwd, the environment from
 * `childEnv`, lines streamed to `tf.onLine`, cancellation and time limits that
 * end terraform AND its provider plugins.
 */
import { appendFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError, TerraformExitError } from '../../errors.js';
import { childEnv } from '../env.js';
import type { TerraformContext } from './context.js';
import { stripAnsi } from '../../util/control-chars.js';

export interface RunResult {
  argv: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** With `lockAttemptLine`: the IDs of the locks this terraform logged it was about to write. */
  attemptedLockIds?: string[];
}

export interface RunOptions {
  /** Exit codes that are answers, not failures (e.g. 2 for `plan -detailed-exitcode`). 0 is always allowed. */
  okExitCodes?: readonly number[];
  /** Text written to terraform's stdin (e.g. `state push -`). Default: stdin closed. */
  input?: string;
  /** Extra environment for this one call (over tf.env). */
  env?: Record<string, string | undefined>;
  /** After SIGINT, how long terraform gets to stop cleanly (release the lock) before SIGKILL. */
  graceMs?: number;
  /**
   * A global pattern of terraform's core log whose group 1 is the ID of a lock it is
   * about to write (the text lives in src/doctor/patterns.ts). When set, the core log
   * goes at INFO level to a private file (TF_LOG_CORE, TF_LOG_PATH; never to stderr,
   * provider logs stay off), read for those IDs and removed: `attemptedLockIds`.
   */
  lockAttemptLine?: RegExp;
}

/**
 * Default grace after SIGINT. Terraform 1.11.4 stops a running plan and releases
 * an S3/DynamoDB lock in a few seconds on an idle machine, but took about 12 s on a
 * loaded 2-core one (seen): a shorter grace then SIGKILLed it with the lock still
 * held. A SIGINT in terraform's first second or so, before its operation starts,
 * is not acted on (seen): the SIGKILL after the grace ends it then.
 */
export const DEFAULT_GRACE_MS = 30_000;

// Running terraform children: pid (= process group) -> how to stop it gracefully.
// A library installs no process handlers and never exits its caller's process
// (cancellation is the AbortSignal in TerraformContext). A detached terraform is
// not in the terminal's foreground group, so Ctrl-C never reaches it: the CLI
// (cli/signals.ts) forwards signals through stopRunningTerraform and, when it
// exits, ends what is left with killRunningTerraform.
const live = new Map<number, () => void>();

/** How many terraform process groups are running now (any context). */
export function runningTerraformCount(): number {
  return live.size;
}

/**
 * Asks every running terraform to stop cleanly (SIGINT: it releases the state
 * lock), as if each one's signal had aborted; SIGKILL follows after the grace.
 * For the CLI's signal handling; a library caller aborts its own signal instead.
 */
export function stopRunningTerraform(): void {
  for (const stop of live.values()) stop();
}

/** SIGKILLs every running terraform process group now (the CLI, on a second Ctrl-C or on exit). */
export function killRunningTerraform(): void {
  for (const pgid of live.keys()) killGroup(pgid, 'SIGKILL');
}

function trackGroup(pid: number, stop: () => void): void {
  live.set(pid, stop);
}

function untrackGroup(pid: number): void {
  live.delete(pid);
}

function killGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** SIGKILL is asynchronous: wait until no process of the group is left (kill -0 answers ESRCH). */
async function waitGroupGone(pgid: number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Backend settings that hold credentials: their values never reach an error message or a log. */
const SECRET_BACKEND_KEY = /secret|token|password|access_key|session|sse_customer_key/i;

/** The argv as it may be shown: `-backend-config=secret_key=...` values replaced. */
export function redactArgv(argv: readonly string[]): string[] {
  return argv.map((a) => {
    const m = /^-backend-config=([^=]+)=/.exec(a);
    return m && SECRET_BACKEND_KEY.test(m[1]!) ? `-backend-config=${m[1]}=(redacted)` : a;
  });
}

export async function runTerraform(tf: TerraformContext, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  // What errors and results carry; the child gets the real `args`.
  const argv = redactArgv([tf.bin, ...args]);
  const env = childEnv({ env: { ...tf.env, ...opts.env } });
  if (tf.signal?.aborted) throw cancelled(argv, tf.signal, '', '');
  const coreLog = opts.lockAttemptLine ? await privateCoreLog() : undefined;
  try {
    const r = await runChild(tf, args, argv, coreLog ? { ...env, TF_LOG_CORE: 'INFO', TF_LOG_PATH: coreLog.file } : env, opts);
    if (coreLog && opts.lockAttemptLine) r.attemptedLockIds = await coreLog.matches(opts.lockAttemptLine);
    return r;
  } finally {
    await coreLog?.remove();
  }
}

/** A file in a fresh 0700 temp dir for terraform's core log; `matches` reads group 1 of every match. */
async function privateCoreLog(): Promise<{ file: string; matches(re: RegExp): Promise<string[]>; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tfdoctor-log-'));
  const file = join(dir, 'core.log');
  return {
    file,
    matches: async (re) => {
      const text = await readFile(file, 'utf8').catch(() => '');
      return [...text.matchAll(re)].flatMap((m) => (m[1] ? [m[1]] : []));
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

async function runChild(tf: TerraformContext, args: readonly string[], argv: string[], env: Record<string, string>, opts: RunOptions): Promise<RunResult> {
  const started = Date.now();

  // detached: terraform leads its own process group. go-plugin starts the
  // provider processes without a new group, so a kill of the group reaches
  // them too (seen on 1.11.4 + aws 5.100.0), while SIGINT to terraform alone
  // lets it stop the providers and release the state lock itself.
  const child = execa(tf.bin, args, {
    cwd: tf.cwd,
    env,
    extendEnv: false,
    reject: false,
    detached: true,
    stripFinalNewline: false,
    maxBuffer: 1024 * 1024 * 1024,
    ...(opts.input !== undefined ? { input: opts.input } : { stdin: 'ignore' as const }),
  });
  const pid = child.pid;

  if (tf.onLine) {
    const onLine = tf.onLine;
    for (const stream of ['stdout', 'stderr'] as const) {
      let buf = '';
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i), stream);
          buf = buf.slice(i + 1);
        }
      });
      child[stream]?.on('end', () => {
        if (buf) onLine(buf, stream);
        buf = '';
      });
    }
  }

  let stopReason: 'abort' | 'timeout' | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (reason: 'abort' | 'timeout') => {
    if (stopReason || pid === undefined) return;
    stopReason = reason;
    // Terraform handles the first SIGINT as "stop gracefully": it asks the
    // providers to stop, writes state, and unlocks. A second one would abandon that.
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* already gone */
    }
    killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), opts.graceMs ?? DEFAULT_GRACE_MS);
  };
  const onAbort = () => stop('abort');
  if (pid !== undefined) {
    trackGroup(pid, onAbort);
    tf.onSpawn?.(pid);
  }
  tf.signal?.addEventListener('abort', onAbort, { once: true });
  const timeout = tf.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), tf.timeoutMs) : undefined;

  let result;
  try {
    result = await child;
  } finally {
    tf.signal?.removeEventListener('abort', onAbort);
    if (timeout) clearTimeout(timeout);
    if (killTimer) clearTimeout(killTimer);
    if (pid !== undefined) {
      // Whatever happened, leave no provider plugin behind in terraform's group:
      // a provider that was still starting when terraform took the SIGINT can
      // outlive it (seen with a 1 s time limit on 1.11.4).
      if (stopReason) {
        killGroup(pid, 'SIGKILL');
        await waitGroupGone(pid, 5_000);
      }
      untrackGroup(pid);
    }
  }
  const stdout = String(result.stdout ?? '');
  // `state` subcommands take no -no-color and print errors in red (1.11.4): keep escapes out of messages.
  const stderr = stripAnsi(String(result.stderr ?? ''));
  const durationMs = Date.now() - started;
  traceChild(args, started, durationMs);

  if (result.failed && 'code' in result && result.code === 'ENOENT') {
    throw new EnvironmentError(
      `terraform not found: "${tf.bin}" is not on PATH or not executable`,
      'install Terraform >= 1.5 (or OpenTofu), or pass --terraform-bin / set TFDOCTOR_TERRAFORM_BIN',
    );
  }
  if (stopReason === 'abort') throw cancelled(argv, tf.signal, stdout, stderr);
  if (stopReason === 'timeout') {
    throw new TerraformExitError(argv, result.exitCode, stdout, stderr,
      `${args[0] ?? 'terraform'} hit the time limit of ${+((tf.timeoutMs ?? 0) / 1000).toFixed(1)}s: terraform and its providers were stopped (SIGINT, then SIGKILL after ${+((opts.graceMs ?? DEFAULT_GRACE_MS) / 1000).toFixed(1)}s). If it held the state lock and did not release it, the lock is still there (see 'state-lock-held').`);
  }
  const exitCode = result.exitCode;
  if (exitCode === undefined) {
    throw new TerraformExitError(argv, undefined, stdout, stderr, `${argv.slice(0, 3).join(' ')} was killed by ${result.signal ?? 'a signal'}${stderr ? `: ${stderr.trim().split('\n').slice(0, 8).join('\n')}` : ''}`);
  }
  if (exitCode !== 0 && !(opts.okExitCodes ?? []).includes(exitCode)) {
    throw new TerraformExitError(argv, exitCode, stdout, stderr);
  }
  return { argv, exitCode, stdout, stderr, durationMs };
}

export { stripAnsi };

/**
 * TFDOCTOR_TRACE_FILE (for the bench and profiling): one JSON line per terraform child,
 * `{"cmd":"plan","startMs":..,"durMs":..}` (start relative to this process's start).
 * Only the subcommand: never an argument (a -backend-config value can be a credential).
 */
function traceChild(args: readonly string[], started: number, durationMs: number): void {
  const cmd = args[0] === 'state' || args[0] === 'providers' ? args.slice(0, 2).join(' ') : (args[0] ?? '');
  traceEvent({ cmd, startMs: Math.round(started - performance.timeOrigin), durMs: durationMs });
}

/** One line to TFDOCTOR_TRACE_FILE when it is set (numbers and names only: no value that could be a secret). */
export function traceEvent(event: Record<string, string | number>): void {
  const file = process.env['TFDOCTOR_TRACE_FILE'];
  if (!file) return;
  try {
    appendFileSync(file, `${JSON.stringify(event)}\n`);
  } catch {
    // A trace is best effort: it never fails a run.
  }
}

function cancelled(argv: string[], signal: AbortSignal | undefined, stdout: string, stderr: string): TerraformExitError {
  const err = new TerraformExitError(argv, undefined, stdout, stderr, `${argv.slice(1, 3).join(' ')} was cancelled: terraform and its providers were stopped`);
  (err as { cause?: unknown }).cause = signal?.reason;
  return err;
}
