/**
 * Who a person is (contracts §2): `--as`, else TFDOCTOR_USER, else git's
 * `user.email`. Identities end up in the approvers file (space-separated) and
 * the audit log, so they are checked: no whitespace, no control characters.
 */
import { gitUserEmail } from '../state/git.js';
import { InputError } from '../errors.js';

const IDENTITY = /^[^\s\p{Cc}]{1,200}$/u;

export function assertIdentity(identity: string): string {
  if (!IDENTITY.test(identity)) throw new InputError(`not a usable identity ${JSON.stringify(identity.slice(0, 80))}: 1-200 characters, no spaces or control characters`);
  return identity;
}

/** Who a person is: `as`, else TFDOCTOR_USER, else git's user.email. */
export async function resolveIdentity(as: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (as) return assertIdentity(as);
  if (env.TFDOCTOR_USER) return assertIdentity(env.TFDOCTOR_USER);
  const email = await gitUserEmail();
  if (email) return assertIdentity(email);
  throw new InputError('who are you? pass --as USER, or set TFDOCTOR_USER, or git config user.email');
}
