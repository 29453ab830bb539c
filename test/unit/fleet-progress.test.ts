import { describe, expect, it } from 'vitest';
import { createProgress } from '../../cli/progress.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, stream: { write: (s: string) => out.push(s), isTTY, columns: 80 } };
}

describe('fleet progress', () => {
  it('prints one timestamped line per change when not a TTY, with elapsed since the account started', () => {
    const { out, stream } = sink(false);
    const p = createProgress({ stream, now: () => Date.parse('2026-01-01T00:00:05Z') });
    p.update({ account: 'a', phase: 'queued', at: 0 });
    p.update({ account: 'a', phase: 'init', at: 1000 });
    p.update({ account: 'a', phase: 'done', at: 3500, findings: 2 });
    p.update({ account: 'b\x1b[2J', phase: 'failed', at: 4000, error: 'boom\nmore' });
    p.close();
    expect(out).toEqual([
      '2026-01-01T00:00:05.000Z a queued\n',
      '2026-01-01T00:00:05.000Z a init 0.0s\n',
      '2026-01-01T00:00:05.000Z a done 2.5s: 2 finding(s)\n',
      '2026-01-01T00:00:05.000Z b?[2J failed: boom\n',
    ]);
  });

  it('redraws a table in place on a TTY', () => {
    const { out, stream } = sink(true);
    let t = 10_000;
    const p = createProgress({ stream, now: () => t, intervalMs: 60_000 });
    p.update({ account: 'alpha', phase: 'queued', at: t });
    p.update({ account: 'beta', phase: 'plan', at: t });
    t += 1500;
    p.update({ account: 'alpha', phase: 'failed', at: t, error: 'no bucket' });
    p.close();
    const last = out[out.length - 1]!;
    // Cursor up over the 3 lines drawn before, clear, redraw.
    expect(last.startsWith('\x1b[3F\x1b[0J')).toBe(true);
    const lines = last.replace('\x1b[3F\x1b[0J', '').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^account\s+state\s+elapsed\s+detail$/);
    // alpha never started (queued -> failed): no elapsed time.
    expect(lines[1]).toMatch(/^alpha\s+failed\s+no bucket$/);
    expect(lines[2]).toMatch(/^beta\s+plan\s+1\.5s\s*$/);
  });
});
