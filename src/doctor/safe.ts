/**
 * Addresses, ids and names in findings come from input (plan JSON, pasted
 * logs) and are treated as hostile: a proposal only carries an argv when every
 * value in it has the shape Terraform itself would print, so nothing can be
 * read as a flag (`-state=...`) or smuggle a second command. Snippets escape
 * values for the language they are written in.
 */
import { isResourceAddress, resourceOf } from '../util/address.js';
import { hclString } from '../util/hcl.js';

/** true for a resource instance address as Terraform prints it (`module.a["x"].aws_s3_bucket.b[0]`): the one grammar, src/util/address.ts. */
export const isSafeAddress = isResourceAddress;

/** An id usable as a positional argv value: printable, no leading `-`, no newlines. */
export function isSafeArg(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  return value.length > 0 && value.length <= 2048 && !value.startsWith('-') && !/[\u0000-\u001f\u007f]/.test(value);
}

/** A lock ID as Terraform writes them (a UUID; other backends use similar tokens). */
export function isSafeLockId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id);
}

// `removed` blocks take a resource, not an instance (Terraform 1.7+): resourceOf drops the key.
export { resourceOf };

export { hclString };

/** A YAML flow scalar: JSON strings are valid YAML. */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}
