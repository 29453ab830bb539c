/**
 * The reference reconciler's merge order for a resource's values (TAC
 * `init_values`), kept pure: defaults file (`$schema` already dropped) ->
 * dotted keys nested (`aggregate_values`) -> `overrides` shallow update ->
 * identifier -> tags (the spec's own, replacing any from defaults/overrides)
 * -> the entry's VARIABLE_KEYS -> legacy keys translated for provider >= 4.
 */
import type { ResourceEntry } from './inventory-schema.js';
import { VARIABLE_KEYS } from './gql-selection.js';
import type { SourceRef } from './inventory.js';
import { inputError } from './load-inventory.js';
import { isPlainObject } from '../util/objects.js';

export type Values = Record<string, unknown>;

/**
 * `aggregate_values` (TAC): a key `a.b` sets `a.b` on the object `a` (made when
 * missing, added to when the file also has `a:`); `a.b.c` sets `a.b` (the
 * reference keeps only the first two parts). A plain `a` that is not a mapping
 * cannot take `a.b` (the reference fails with a TypeError): an input error.
 */
export function nestDottedKeys(values: Values, where?: SourceRef): Values {
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) if (!UNSAFE_KEYS.has(key)) out[key] = value;
  for (const [key, value] of Object.entries(values)) {
    if (UNSAFE_KEYS.has(key) || !key.includes('.')) continue;
    const [head = '', second = ''] = key.split('.');
    delete out[key];
    if (UNSAFE_KEYS.has(head) || UNSAFE_KEYS.has(second)) continue;
    const existing = out[head];
    if (existing !== undefined && !isPlainObject(existing)) {
      if (where) throw inputError({ file: where.file, path: [...where.path, key] }, `"${key}" nests under "${head}", which is not a mapping`);
      continue;
    }
    out[head] = { ...(existing ?? {}), [second]: value };
  }
  return out;
}

/**
 * `__proto__` from JSON/YAML is an own key; assigning it would swap the values
 * object's prototype. It can never be a Terraform attribute, so it is dropped.
 */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__']);

/**
 * VARIABLE_KEYS that tfdoctor's loader hands to the kinds through their own
 * fields (ResolvedResource.specs, .images, .parameterGroup) rather than in the values.
 */
const LOADER_FIELDS: ReadonlySet<string> = new Set(['specs', 'image', 'parameter_group', 'old_parameter_group']);

export interface MergeOptions {
  /** The account's providerVersion: legacy keys are translated unless it starts with "3" (as the reference). */
  providerVersion?: string;
  /** The spec's own tags (already parsed, keys renamed); they replace any `tags` from defaults/overrides. */
  tags?: Record<string, string> | undefined;
  /** The defaults file, to blame for a dotted key that cannot nest. */
  where?: SourceRef;
}

/**
 * Merge one resource's values. `overrides` must already be an object (a JSON
 * string is parsed by the loader, which knows the file to blame).
 */
export function mergeValues(entry: ResourceEntry, defaults: Values, overrides: Values | undefined, opts: MergeOptions = {}): Values {
  const values = nestDottedKeys(defaults, opts.where);
  // Shallow update, as Python's dict.update in the reference: a nested object in
  // overrides replaces the defaults' object, it is not deep-merged.
  if (overrides) for (const [key, value] of Object.entries(overrides)) if (!UNSAFE_KEYS.has(key)) values[key] = value;
  values['identifier'] = entry.identifier;
  // values["tags"] = spec.tags(): the defaults' and overrides' tags never survive.
  delete values['tags'];
  if (opts.tags) values['tags'] = opts.tags;
  for (const [key, value] of Object.entries(entry)) {
    if (VARIABLE_KEYS.has(key) && !LOADER_FIELDS.has(key) && value !== undefined && value !== null) values[key] = value;
  }
  if (!(opts.providerVersion ?? '').startsWith('3')) translateLegacyKeys(entry.provider, values);
  return values;
}

/**
 * `init_values` for accounts on AWS provider 4+: attribute names the provider
 * renamed, as real defaults files still spell them. Python truthiness: a falsy
 * legacy value is dropped, not translated.
 */
export function translateLegacyKeys(kind: string, values: Values): void {
  const take = (key: string): unknown => {
    const v = values[key];
    delete values[key];
    return v;
  };
  if (kind === 'rds') {
    const dbName = take('name');
    if (truthy(dbName)) values['db_name'] = dbName;
    if (truthy(values['replica_source'])) delete values['db_name'];
  } else if (kind === 'elasticache') {
    const description = take('replication_group_description');
    if (truthy(description)) values['description'] = description;
    const clusters = take('number_cache_clusters');
    if (truthy(clusters)) values['num_cache_clusters'] = clusters;
    const clusterMode = take('cluster_mode');
    if (isPlainObject(clusterMode)) for (const [k, v] of Object.entries(clusterMode)) if (!UNSAFE_KEYS.has(k)) values[k] = v;
    delete values['availability_zones'];
  } else if (kind === 'msk') {
    // `values.get("broker_node_group_info", {}).pop("ebs_volume_size", None)`: always removed, moved when truthy.
    const group = values['broker_node_group_info'];
    if (isPlainObject(group) && 'ebs_volume_size' in group) {
      const { ebs_volume_size: size, ...rest } = group;
      if (truthy(size)) {
        const storage = isPlainObject(rest['storage_info']) ? rest['storage_info'] : {};
        const ebs = isPlainObject(storage['ebs_storage_info']) ? storage['ebs_storage_info'] : {};
        rest['storage_info'] = { ...storage, ebs_storage_info: { ...ebs, volume_size: size } };
      }
      values['broker_node_group_info'] = rest;
    }
  }
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

// One definition (src/util/objects.ts); re-exported for the kind modules that import it from here.
export { isPlainObject };
