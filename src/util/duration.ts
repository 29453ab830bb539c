/**
 * The one duration grammar of every flag and field that takes one (`--ttl`,
 * `--lock-stale-after`): a number, decimals allowed, then ms, s, m, h or d
 * (`90s`, `30m`, `1.5h`, `2d`, `250ms`). Always positive.
 */
import { InputError } from '../errors.js';

const UNITS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export interface ParseDurationOptions {
  /** A bare number (`500`) as milliseconds; refused by default (`--ttl 24` is more likely a mistake than 24 ms). */
  bareMilliseconds?: boolean;
}

/** Duration text -> milliseconds (rounded). InputError when it is not one. */
export function parseDuration(text: string, opts: ParseDurationOptions = {}): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m || (m[2] === undefined && !opts.bareMilliseconds)) {
    throw new InputError(`not a duration: ${JSON.stringify(text)} (use e.g. 30m, 1.5h, 24h, 2d)`);
  }
  const ms = Math.round(Number(m[1]) * UNITS[(m[2] ?? 'ms') as keyof typeof UNITS]);
  if (ms <= 0) throw new InputError(`duration must be positive: ${text}`);
  return ms;
}
