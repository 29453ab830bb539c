/**
 * Hold the state lock through terraform itself: `terraform console` takes the
 * backend's lock (S3 `use_lockfile` object, DynamoDB item, both, or the local
 * state file's fcntl lock: whatever the backend does) for as long as it runs,
 * and releases it when its stdin ends. The repair guard keeps one running while
 * it changes the state with `-lock=false`, so every other terraform run is
 * excluded by terraform's own lock, not by a record tfdoctor writes by hand.
 *
 * Readiness: console prints its results only when stdin ends, so the moment the
 * lock is taken is read from terraform's core trace log (TF_LOG_CORE=TRACE into
 * a private file, TF_LOG_PATH; provider logs stay off). The caller passes the
 * line to wait for (its text lives in src/doctor/patterns.ts). Once the lock is
 * held the file is unlinked (terraform keeps writing to the open inode, freed
 * when it exits). The trace never goes to stderr: if tfdoctor dies, a trace line
 * written to the broken stderr pipe would kill terraform with SIGPIPE before it
 * unlocks (seen). With the trace in a file, the closed stdin is an EOF: console
 * unlocks and exits, so no lock is left behind.
 */
import { execa } from 'execa';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { childEnv } from '../env.js';
import type { TerraformContext } from './context.js';
import { stripAnsi } from '../../util/control-chars.js';

export interface HoldLockOptions {
  /** A line of terraform's core trace that says the lock is held (what follows a successful lock). */
  lockedLine: RegExp;
  /** A global pattern of the core trace whose group 1 is the ID of a lock terraform is about to write. */
  attemptLine?: RegExp;
  /** How long to wait for the lock (default 120 s). */
  timeoutMs?: number;
  /** How long terraform gets to release the lock when asked (default 60 s). */
  releaseTimeoutMs?: number;
}

export interface HeldStateLock {
  /** terraform's pid (leads its process group). */
  pid: number | undefined;
  /** False once terraform exited: the lock is then no longer held by us. */
  alive(): boolean;
  /** Ends stdin; terraform releases the lock and exits. Throws if it did not exit 0. */
  release(): Promise<void>;
  /** Ends it by signal (tests, last resort): SIGINT, then SIGKILL of its group after `graceMs`. */
  kill(graceMs?: number): Promise<void>;
  /**
   * SIGKILL of its group at once, so terraform never gets to unlock: the lock
   * record (S3 `.tflock` object, DynamoDB item) stays, held by nobody's process.
   * The repair guard does this before its first write (lock.ts, pinLock).
   */
  abandon(): Promise<void>;
}

/** Thrown when terraform exited before it held the lock: `stderr` says why (e.g. the lock is held). */
export class HoldLockFailed extends Error {
  /**
   * @param attemptedLockIds the IDs of the locks this terraform tried to write (from its
   *   trace, `attemptLine`): a lock held under one of them is its own lost write.
   */
  constructor(message: string, readonly stderr: string, readonly exitCode: number | undefined, readonly attemptedLockIds: readonly string[] = []) {
    super(message);
    this.name = 'HoldLockFailed';
  }
}

/** Trace lines are dropped from what a caller sees: the rest (errors, lock info) is terraform's normal output. */
const TRACE_LINE = /^\d{4}-\d\d-\d\dT\S+ \[(TRACE|DEBUG|INFO|WARN|ERROR)\]/;
const MAX_KEPT = 64 * 1024;

function killGroup(pgid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pgid, sig);
  } catch {
    // ESRCH: gone.
  }
}

export async function holdStateLock(tf: TerraformContext, opts: HoldLockOptions): Promise<HeldStateLock> {
  const logDir = await mkdtemp(join(tmpdir(), 'tfdoctor-lock-'));
  const logFile = join(logDir, 'trace.log');
  const removeLog = () => rm(logDir, { recursive: true, force: true });
  const env = { ...childEnv(tf), TF_LOG_CORE: 'TRACE', TF_LOG_PATH: logFile };
  const child = execa(tf.bin, ['console', '-no-color'], {
    cwd: tf.cwd,
    env,
    extendEnv: false,
    reject: false,
    detached: true,
    stdin: 'pipe',
    stdout: 'ignore',
    buffer: false,
  });
  const pid = child.pid;
  let exited = false;
  let kept = '';
  let buf = '';
  let onLocked: (() => void) | undefined;
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = stripAnsi(buf.slice(0, i));
      buf = buf.slice(i + 1);
      if (!TRACE_LINE.test(line) && kept.length < MAX_KEPT) kept += `${line}\n`;
    }
  });
  const done = child.then((r) => {
    exited = true;
    return r;
  });

  // Poll the trace file for the line that follows a taken lock.
  let polling = true;
  const poll = (async () => {
    let offset = 0;
    let rest = '';
    while (polling) {
      try {
        const fh = await open(logFile, 'r');
        try {
          const chunk = Buffer.alloc(256 * 1024);
          let n: number;
          while ((n = (await fh.read(chunk, 0, chunk.length, offset)).bytesRead) > 0) {
            offset += n;
            rest += chunk.subarray(0, n).toString('utf8');
            const lines = rest.split('\n');
            rest = lines.pop() ?? '';
            if (lines.some((l) => opts.lockedLine.test(l))) {
              onLocked?.();
              return;
            }
          }
        } finally {
          await fh.close();
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();

  const timeoutMs = opts.timeoutMs ?? 120_000;
  const outcome = await new Promise<'locked' | 'exited' | 'timeout' | 'aborted'>((resolve) => {
    const t = setTimeout(() => resolve('timeout'), timeoutMs);
    const onAbort = () => resolve('aborted');
    tf.signal?.addEventListener('abort', onAbort, { once: true });
    onLocked = () => {
      clearTimeout(t);
      tf.signal?.removeEventListener('abort', onAbort);
      resolve('locked');
    };
    void done.then(() => {
      clearTimeout(t);
      tf.signal?.removeEventListener('abort', onAbort);
      resolve('exited');
    });
  });
  onLocked = undefined;
  polling = false;
  await poll.catch(() => undefined);
  // On a failed lock, the IDs terraform tried to write: read before the trace is removed.
  const attempted: string[] = [];
  if (outcome === 'exited' && opts.attemptLine) {
    const trace = await readFile(logFile, 'utf8').catch(() => '');
    for (const m of trace.matchAll(opts.attemptLine)) if (m[1] && !attempted.includes(m[1])) attempted.push(m[1]);
  }
  await removeLog();

  const kill = async (graceMs = 30_000) => {
    if (exited || pid === undefined) return;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* gone */
    }
    const t = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    await done;
    clearTimeout(t);
    killGroup(pid, 'SIGKILL');
  };

  if (outcome !== 'locked') {
    if (outcome === 'exited') {
      const r = await done;
      throw new HoldLockFailed(`terraform console exited (${r.exitCode ?? r.signal ?? '?'}) before it held the state lock`, kept, r.exitCode, attempted);
    }
    child.stdin?.end();
    await kill(5_000);
    if (outcome === 'aborted') throw new HoldLockFailed('cancelled while taking the state lock', kept, undefined);
    throw new EnvironmentError(`terraform console did not take the state lock within ${Math.round(timeoutMs / 1000)}s (no lock line in its core trace: is this terraform >= 1.10?)`);
  }

  return {
    pid,
    alive: () => !exited,
    kill,
    abandon: async () => {
      if (exited || pid === undefined) return;
      killGroup(pid, 'SIGKILL');
      await done;
    },
    release: async () => {
      if (exited) {
        const r = await done;
        throw new EnvironmentError(`terraform console holding the state lock exited early (${r.exitCode ?? r.signal ?? '?'}): ${kept.trim().split('\n').slice(-8).join('\n')}`);
      }
      child.stdin?.end();
      const limit = opts.releaseTimeoutMs ?? 60_000;
      const timer = setTimeout(() => void kill(10_000), limit);
      const r = await done;
      clearTimeout(timer);
      if (r.exitCode !== 0) {
        throw new EnvironmentError(`terraform console holding the state lock did not exit cleanly (${r.exitCode ?? r.signal ?? '?'}); the lock may still be held: ${kept.trim().split('\n').slice(-8).join('\n')}`);
      }
    },
  };
}
