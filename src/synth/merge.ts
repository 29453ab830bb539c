/**
 * The reference reconciler's merge order for a resource's values, kept pure:
 *   defaults file -> dotted keys `a.b` nested one level -> `overrides` shallow update
 *   -> identifier and tags -> the resource entry's own keys.
 */
import type { ResourceEntry } from './inventory-schema.js';

export type Values = Record<string, unknown>;

/** `{"a.b": 1, "a.c": 2}` -> `{a: {b: 1, c: 2}}`; only the first dot splits (one level, as the reference does). */
export function nestDottedKeys(values: Values): Values {
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) {
    if (UNSAFE_KEYS.has(key)) continue;
    const dot = key.indexOf('.');
    if (dot <= 0 || dot === key.length - 1) {
      out[key] = value;
      continue;
    }
    const head = key.slice(0, dot);
    const rest = key.slice(dot + 1);
    const existing = out[head];
    const nested: Values = isPlainObject(existing) ? { ...existing } : {};
    nested[rest] = value;
    out[head] = nested;
  }
  return out;
}

/**
 * `__proto__` from JSON/YAML is an own key; assigning it would swap the values
 * object's prototype. It can never be a Terraform attribute, so it is dropped.
 */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__']);

/** Keys of a resource entry that describe the entry, not values for Terraform. */
const ENTRY_ONLY_KEYS: ReadonlySet<string> = new Set([
  'provider',
  'identifier',
  'defaults',
  'overrides',
  'output_resource_name',
  'output_format',
  'annotations',
  'tags',
  'specs',
  'image',
  'parameter_group',
  'old_parameter_group',
]);

/**
 * Merge one resource's values. `overrides` must already be an object (a JSON
 * string is parsed by the loader, which knows the file to blame).
 */
export function mergeValues(entry: ResourceEntry, defaults: Values, overrides: Values | undefined): Values {
  const values = nestDottedKeys(defaults);
  // Shallow update, as Python's dict.update in the reference: a nested object in
  // overrides replaces the defaults' object, it is not deep-merged.
  if (overrides) for (const [key, value] of Object.entries(overrides)) if (!UNSAFE_KEYS.has(key)) values[key] = value;
  values['identifier'] = entry.identifier;
  if (entry.tags) values['tags'] = entry.tags;
  for (const [key, value] of Object.entries(entry)) {
    if (!ENTRY_ONLY_KEYS.has(key) && value !== undefined) values[key] = value;
  }
  return values;
}

export function isPlainObject(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
