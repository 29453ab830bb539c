/**
 * AWS SDK clients made as a guest in the caller's process.
 *
 * The SDK prints a NodeVersionSupportWarning (through process.emitWarning, once
 * per process) the first time a client is made on Node < 22 (@aws-sdk/core
 * 3.981, seen on Node 20.20). For tfdoctor's own clients that notice is about
 * tfdoctor's dependency, not about anything the user runs, so they are made
 * without it. The SDK's "already warned" flag is put back afterwards: the
 * caller's own clients still warn as the SDK intends, and process.env is left
 * as it was.
 */
import { state } from '@aws-sdk/core/client';

const DISABLE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/** Runs `make` (a client constructor) without the SDK's Node-version warning, changing nothing process-wide. */
export function withoutNodeVersionWarning<T>(make: () => T): T {
  const warnedBefore = state.warningEmitted;
  const envBefore = process.env[DISABLE];
  process.env[DISABLE] = 'true';
  try {
    return make();
  } finally {
    if (envBefore === undefined) delete process.env[DISABLE];
    else process.env[DISABLE] = envBefore;
    state.warningEmitted = warnedBefore;
  }
}
