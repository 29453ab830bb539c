/**
 * Fleet progress on stderr (stdout stays the report, so `--json > file` works):
 * on a TTY a live table, one row per account, redrawn in place; otherwise
 * (CI logs, Kubernetes pods) one timestamped line per change, since cursor
 * movement is noise in a log file.
 */
import type { FleetPhase, FleetProgressEvent } from '../src/run/fleet.js';
import { sanitizeControl } from '../src/util/control-chars.js';

export interface ProgressSink {
  /** Feed one event from planFleet's onProgress. */
  update(event: FleetProgressEvent): void;
  /** Final redraw (TTY) and stop the timer. */
  close(): void;
}

export interface ProgressOptions {
  stream?: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean; columns?: number };
  /** Force the mode; default: the stream's isTTY. */
  tty?: boolean;
  /** Clock, for tests. */
  now?: () => number;
  /** Redraw period on a TTY, ms (elapsed times tick even without events). */
  intervalMs?: number;
}

interface Row {
  account: string;
  phase: FleetPhase;
  startedAt?: number;
  endedAt?: number;
  findings?: number;
  error?: string;
}

const ACTIVE: ReadonlySet<FleetPhase> = new Set(['synth', 'init', 'plan', 'diagnose']);

export function createProgress(opts: ProgressOptions = {}): ProgressSink {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? Boolean(stream.isTTY);
  const now = opts.now ?? Date.now;
  return tty ? liveTable(stream, now, opts.intervalMs ?? 500) : plainLines(stream, now);
}

function plainLines(stream: { write(s: string): unknown }, now: () => number): ProgressSink {
  const started = new Map<string, number>();
  return {
    update(e) {
      if (ACTIVE.has(e.phase) && !started.has(e.account)) started.set(e.account, e.at);
      const t0 = started.get(e.account);
      const elapsed = t0 !== undefined && e.phase !== 'queued' ? ` ${formatSeconds(e.at - t0)}` : '';
      stream.write(`${new Date(now()).toISOString()} ${safe(e.account)} ${e.phase}${elapsed}${detail(e)}\n`);
    },
    close() {},
  };
}

function liveTable(stream: { write(s: string): unknown; columns?: number }, now: () => number, intervalMs: number): ProgressSink {
  const rows = new Map<string, Row>();
  let drawnLines = 0;
  const draw = (): void => {
    // A pty without a size (e.g. under `script`) reports 0 columns.
    const width = Math.max(40, stream.columns || 100);
    const nameWidth = Math.min(40, Math.max(7, ...[...rows.keys()].map((a) => safe(a).length)));
    const lines = [`${'account'.padEnd(nameWidth)}  ${'state'.padEnd(8)}  elapsed  detail`];
    for (const r of rows.values()) {
      const end = r.endedAt ?? now();
      const elapsed = r.startedAt !== undefined ? formatSeconds(end - r.startedAt) : '';
      const d = r.phase === 'failed' ? (r.error ?? '') : r.findings !== undefined ? `${r.findings} finding(s)` : '';
      const line = `${safe(r.account).slice(0, nameWidth).padEnd(nameWidth)}  ${r.phase.padEnd(8)}  ${elapsed.padStart(7)}  ${safe(d)}`;
      lines.push(line.slice(0, width - 1));
    }
    // Move up over the previous table and clear to the end of screen, then redraw.
    const up = drawnLines > 0 ? `\x1b[${drawnLines}F\x1b[0J` : '';
    stream.write(up + lines.join('\n') + '\n');
    drawnLines = lines.length;
  };
  const timer = setInterval(draw, intervalMs);
  timer.unref();
  return {
    update(e) {
      const row = rows.get(e.account) ?? { account: e.account, phase: e.phase };
      row.phase = e.phase;
      if (ACTIVE.has(e.phase) && row.startedAt === undefined) row.startedAt = e.at;
      if (e.phase === 'done' || e.phase === 'failed') row.endedAt = e.at;
      if (e.findings !== undefined) row.findings = e.findings;
      if (e.error !== undefined) row.error = e.error.split('\n')[0];
      rows.set(e.account, row);
      draw();
    },
    close() {
      clearInterval(timer);
      if (rows.size) draw();
    },
  };
}

function detail(e: FleetProgressEvent): string {
  if (e.phase === 'failed' && e.error) return `: ${safe(e.error.split('\n')[0] ?? '')}`;
  if (e.phase === 'done' && e.findings !== undefined) return `: ${e.findings} finding(s)`;
  return '';
}

function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

/** Account names and errors come from input: strip control characters so they cannot move the cursor. */
function safe(text: string): string {
  return sanitizeControl(text, 'placeholder');
}
