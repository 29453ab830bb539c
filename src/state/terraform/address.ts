/**
 * Addresses, ids and paths that reach a terraform argv come from reports,
 * repair files and inventories: treat them as hostile. An argv array already
 * rules out shell injection; what is left is an argument terraform would read
 * as a flag (a leading "-") or text that is not an address at all.
 */
import { InputError } from '../../errors.js';
import { isModuleAddress, isResourceAddress } from '../../util/address.js';

// The one address grammar (src/util/address.ts): a resource (instance) address, or a module address for `state mv`.
export function assertAddress(address: string, what = 'resource address'): string {
  if (address.length > 1024 || !(isResourceAddress(address) || isModuleAddress(address))) {
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
