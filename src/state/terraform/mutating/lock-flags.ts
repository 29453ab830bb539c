/** The lock flags every state-writing command shares. */
export interface LockOptions {
  /** Take the state lock (default true). Repairs always lock; false exists for tests of the lock itself. */
  lock?: boolean;
  /** e.g. "10s" (unset: terraform's default, 0s). */
  lockTimeout?: string;
}

export function lockTimeoutFlag(opts: LockOptions): string[] {
  return opts.lockTimeout !== undefined ? [`-lock-timeout=${opts.lockTimeout}`] : [];
}
