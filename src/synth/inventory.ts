/**
 * The loaded inventory: every file it references already read, merged and
 * validated, so synthesis is pure and synchronous.
 */
import type { AccountInput, ImageRef, Kind, ResourceEntry, SettingsInput } from './inventory-schema.js';
import type { TagContext } from './naming.js';
import type { Values } from './merge.js';

/** Where a value came from, for error messages: a file as the user named it and the path inside it. */
export interface SourceRef {
  file: string;
  path: (string | number)[];
}

/** One account (provisioner) of the inventory, with the file and path it came from. */
export interface Account extends AccountInput {
  where: SourceRef;
}

/** A values file (defaults, parameter group, spec defaults) after loading. */
export interface ValuesFile {
  values: Values;
  where: SourceRef;
}

export interface ResolvedSpec {
  defaults?: ValuesFile;
  items: { key: string; value: string }[];
  where: SourceRef;
}

export interface ResolvedResource {
  kind: Kind;
  identifier: string;
  /** The provisioner (account) name. */
  account: string;
  namespace: TagContext;
  entry: ResourceEntry;
  /** Merged values (defaults -> dotted -> overrides -> identifier/tags -> entry keys). */
  values: Values;
  /** Where each top-level key of `values` came from (defaults file, overrides, entry): errors blame it. */
  origins: Record<string, SourceRef>;
  parameterGroup?: ValuesFile;
  oldParameterGroup?: ValuesFile;
  specs: ResolvedSpec[];
  images: ImageRef[];
  outputResourceName: string;
  /** Annotations as a JSON string (the reference outputs them base64-encoded). */
  annotations: string;
  where: SourceRef;
}

/** The inventory's `settings:` (what the reference reads from app-interface settings). */
export type Settings = SettingsInput;

/** A loaded inventory: accounts and namespaces with their external resources, each with where it came from. */
export interface Inventory {
  /** The file or folder it was loaded from, as given. */
  source: string;
  accounts: Account[];
  /** The resources the reconciler would synthesize (managed namespaces, not erv2, enabled accounts). */
  resources: ResolvedResource[];
  /** Default tags and provider exclusions; `{}` when the inventory has none. */
  settings?: Settings;
  /** What was ignored as the reference ignores it (keys its GraphQL query does not select), one line each, for stderr. */
  warnings?: string[];
}
