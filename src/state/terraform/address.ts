/**
 * Addresses, ids and paths that reach a terraform argv come from reports,
 * repair files and inventories: treat them as hostile. An argv array already
 * rules out shell injection; what is left is an argument terraform would read
 * as a flag (a leading "-") or text that is not an address at all.
 */
import { InputError } from '../../errors.js';

// A resource address: optional module path, optional "data.", type.name, optional index.
// Index keys may be numbers or quoted strings (for_each keys can hold almost anything
// except an unescaped quote or a newline).
const ADDRESS = /^(module\.[A-Za-z_][\w-]*(\[(\d+|"[^"\n\r]*")\])?\.)*(data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(\[(\d+|"[^"\n\r]*")\])?$/;
// `state mv` also accepts a module address or a whole resource (no index).
const MODULE_ADDRESS = /^module\.[A-Za-z_][\w-]*(\[(\d+|"[^"\n\r]*")\])?(\.module\.[A-Za-z_][\w-]*(\[(\d+|"[^"\n\r]*")\])?)*$/;

export function assertAddress(address: string, what = 'resource address'): string {
  if (address.length > 1024 || !(ADDRESS.test(address) || MODULE_ADDRESS.test(address))) {
    throw new InputError(`not a Terraform ${what}: ${JSON.stringify(address.slice(0, 200))}`);
  }
  return address;
}

/** A positional value terraform must not mistake for a flag (import ids, lock ids, file paths). */
export function assertPositional(value: string, what: string): string {
  if (value === '' || value.startsWith('-') || /[\0\n\r]/.test(value) || value.length > 4096) {
    throw new InputError(`refusing ${what} ${JSON.stringify(value.slice(0, 200))}: empty, starts with "-", or holds a control character`);
  }
  return value;
}
