/**
 * Attribute diffs without secrets. Terraform marks sensitive values in
 * `before_sensitive`/`after_sensitive` (same shape as the values, `true` where
 * sensitive, or `true` for a whole attribute); on top of that any key that
 * looks like a credential is masked, because providers do not mark every
 * secret (e.g. aws_db_instance.password is marked, a password in a map is not).
 */
import { isPlainObject } from '../util/objects.js';

export const MASK = '(sensitive)';

const SECRET_KEY_RE = /pass(word|wd)?|secret|token|private_key|credential|api_key|auth/i;

export type PathPart = string | number;

export type AttributeChange = {
  /** Dotted path, e.g. `tags.owner`, `parameter[2].value`. */
  path: string;
  before?: unknown;
  after?: unknown;
  /** true when the values were withheld. */
  sensitive?: true;
};

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_RE.test(key);
}

/** Is `path` (or any of its ancestors) marked sensitive in this marker tree? */
export function markedSensitive(marks: unknown, path: readonly PathPart[]): boolean {
  let cur: unknown = marks;
  for (const part of path) {
    if (cur === true) return true;
    if (typeof cur !== 'object' || cur === null) return false;
    cur = (cur as Record<string, unknown>)[String(part)];
  }
  return cur === true;
}

/** `tags.owner`, `parameter[2].value`, `tags["kubernetes.io/role"]`. */
export function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

export interface PathChange {
  parts: PathPart[];
  change: AttributeChange;
}

/**
 * Leaf-level differences between two attribute trees. Lists of different
 * length are reported as one change of the whole list. Values under sensitive
 * marks or credential-looking keys are replaced by `(sensitive)`.
 */
export function attributeDiff(before: unknown, after: unknown, marks: readonly unknown[] = []): AttributeChange[] {
  return attributeDiffParts(before, after, marks).map((c) => c.change);
}

/** `attributeDiff` with each change's path as parts. */
export function attributeDiffParts(before: unknown, after: unknown, marks: readonly unknown[] = []): PathChange[] {
  const out: PathChange[] = [];
  walk(before, after, [], out, marks);
  return out;
}

function walk(a: unknown, b: unknown, path: PathPart[], out: PathChange[], marks: readonly unknown[]): void {
  if (deepEqual(a, b)) return;
  const hidden = path.some((p) => typeof p === 'string' && isSecretKey(p)) || marks.some((m) => markedSensitive(m, path));
  if (hidden) {
    out.push({ parts: path, change: { path: formatPath(path), sensitive: true, before: MASK, after: MASK } });
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) walk(a[k], b[k], [...path, k], out, marks);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((v, i) => walk(v, b[i], [...path, i], out, marks));
    return;
  }
  out.push({ parts: path, change: { path: formatPath(path), before: redact(a, path, marks), after: redact(b, path, marks) } });
}

/** A copy of `value` (found at `path`) with sensitive parts replaced by `(sensitive)`. */
export function redact(value: unknown, path: readonly PathPart[] = [], marks: readonly unknown[] = []): unknown {
  if (path.some((p) => typeof p === 'string' && isSecretKey(p)) || marks.some((m) => markedSensitive(m, path))) {
    return value === null || value === undefined ? value : MASK;
  }
  if (Array.isArray(value)) return value.map((v, i) => redact(v, [...path, i], marks));
  if (isPlainObject(value)) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) o[k] = redact(v, [...path, k], marks);
    return o;
  }
  return value;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

export { isPlainObject };
