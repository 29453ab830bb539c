/**
 * git, for the one thing tfdoctor asks it: the person's `user.email`
 * (src/repair/identity.ts). Here because src/state owns every child process.
 */
import { execa } from 'execa';

/** `git config --get user.email`, trimmed; undefined when git is missing, fails or has none. */
export async function gitUserEmail(opts: { timeoutMs?: number } = {}): Promise<string | undefined> {
  try {
    const r = await execa('git', ['config', '--get', 'user.email'], { reject: false, timeout: opts.timeoutMs ?? 5_000 });
    const email = r.exitCode === 0 ? String(r.stdout).trim() : '';
    return email || undefined;
  } catch {
    return undefined; // git missing
  }
}
