import { InputError } from '../errors.js';

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "90s", "30m", "24h", "2d" -> ms. */
export function parseDuration(text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) throw new InputError(`not a duration: ${JSON.stringify(text)} (use e.g. 30m, 24h, 2d)`);
  const ms = Number(m[1]) * (UNITS[m[2] as string] as number);
  if (ms <= 0) throw new InputError(`duration must be positive: ${text}`);
  return ms;
}
