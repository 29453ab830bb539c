/** A raw state document as bytes + parsed + hash: what the repair guard binds to. */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { RawState } from '../tfjson/raw-state.js';

/** A state as pulled: the bytes, the parsed document and their sha256. */
export interface StateSnapshot {
  /** The bytes as terraform printed or stored them. */
  raw: string;
  state: RawState;
  /** sha256 (hex) of `raw`. */
  sha256: string;
}

export function snapshotOf(raw: string, source: string): StateSnapshot {
  let obj: unknown;
  try {
    obj = JSON.parse(raw);
  } catch {
    throw new InputError(`not a JSON state document`, source);
  }
  const parsed = RawState.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(`not a raw Terraform state (v4): ${issue?.message ?? 'invalid'}`, source, issue?.path.map((p) => (typeof p === 'symbol' ? String(p) : p)));
  }
  return { raw, state: parsed.data, sha256: createHash('sha256').update(raw).digest('hex') };
}

/**
 * A state that is no state: what Terraform 1.11.4 gives for a backend holding none yet
 * (the S3 backend prints an empty state with `"lineage": ""` and serial 0).
 */
export function isEmptyState(snap: StateSnapshot): boolean {
  return snap.state.lineage === '' && snap.state.serial === 0 && snap.state.resources.length === 0;
}
