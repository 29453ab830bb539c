/**
 * loadInventory: read a YAML/JSON inventory file (or a folder of them), validate
 * it, read every file it references and merge each resource's values.
 * Every error is an InputError naming the file and the path inside it.
 */
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.js';
import { InventoryDocumentSchema, KindSchema, ResourceEntrySchema, type ResourceEntry } from './inventory-schema.js';
import { isSelected } from './gql-selection.js';
import type { Account, Inventory, ResolvedResource, ResolvedSpec, Settings, SourceRef, ValuesFile } from './inventory.js';
import { isPlainObject, mergeValues, nestDottedKeys, type Values } from './merge.js';
import { outputPrefix } from './naming.js';

/** An InputError whose message starts with `<file>: <path>:` (the CLI prints it as is). */
export function inputError(where: SourceRef, message: string): InputError {
  const at = where.path.length ? `${where.path.join('.')}: ` : '';
  return new InputError(`${where.file}: ${at}${message}`, where.file, where.path);
}

const DOC_EXT = /\.(ya?ml|json)$/i;

/** Reads an inventory (contracts §1): a YAML/JSON file or a folder of them, defaults files resolved relative to it. Bad input is an InputError naming the file and the path inside it. */
export async function loadInventory(source: string): Promise<Inventory> {
  const abs = path.resolve(source);
  const info = await stat(abs).catch(() => undefined);
  if (!info) throw inputError({ file: source, path: [] }, 'inventory not found');
  let files: string[];
  let root: string;
  if (info.isDirectory()) {
    root = abs;
    // Only the folder's own files: subfolders hold defaults files (resources/**), not inventory documents.
    files = (await readdir(abs, { withFileTypes: true }))
      .filter((d) => d.isFile() && DOC_EXT.test(d.name))
      .map((d) => path.join(abs, d.name))
      .sort();
    if (!files.length) throw inputError({ file: source, path: [] }, 'no .yml, .yaml or .json inventory files in this folder');
  } else {
    root = path.dirname(abs);
    files = [abs];
  }
  const loader = new Loader(root);
  const accounts: Account[] = [];
  const resources: ResolvedResource[] = [];
  const docs: { file: string; doc: z.infer<typeof InventoryDocumentSchema> }[] = [];
  for (const file of files) {
    const display = displayPath(file);
    const raw = await loader.readDocument(file, display);
    const parsed = InventoryDocumentSchema.safeParse(raw ?? {});
    if (!parsed.success) throw zodError(display, parsed.error);
    checkApprovalDates(display, parsed.data.accounts ?? []);
    docs.push({ file: display, doc: parsed.data });
  }
  const byName = new Map<string, Account>();
  for (const { file, doc } of docs) {
    for (const [i, account] of (doc.accounts ?? []).entries()) {
      const where = { file, path: ['accounts', i] };
      const seen = byName.get(account.name);
      if (seen)
        throw inputError(where, `account "${account.name}" is defined twice (also at ${seen.where.file}: ${seen.where.path.join('.')})`);
      const acc: Account = { ...account, where };
      byName.set(account.name, acc);
      accounts.push(acc);
    }
  }
  const settings = mergeSettings(docs);
  const warnings: string[] = [];
  const exclusions = providerExclusions(settings.value);
  for (const { file, doc } of docs) {
    for (const [n, ns] of (doc.namespaces ?? []).entries()) {
      // The reference drops namespaces being deleted (`is_namespace_deleted`) and
      // those whose resources it does not manage (`managed_external_resources`:
      // the key must be truthy; absent means unmanaged).
      if (truthy(ns.delete) || !truthy(ns.managedExternalResources)) continue;
      const namespace = {
        cluster: ns.cluster.name,
        namespace: ns.name,
        environment: ns.environment?.name,
        app: ns.app?.name,
        appCode: ns.app?.appCode ?? undefined,
        costCenter: ns.app?.costCenter ?? undefined,
        environmentServicePhase: ns.environment?.servicePhase ?? undefined,
        environmentCostCenter: ns.environment?.costCenter ?? undefined,
        clusterRegion: clusterSpecRegion(ns.cluster),
      };
      const outputNames = new Map<string, SourceRef>();
      for (const [e, ext] of (ns.externalResources ?? []).entries()) {
        const extPath = ['namespaces', n, 'externalResources', e];
        // get_external_resource_specs(provision_provider="aws"): other provision providers are other integrations'.
        if (ext.provider !== 'aws') continue;
        if (!byName.has(ext.provisioner.name))
          throw inputError(
            { file, path: [...extPath, 'provisioner', 'name'] },
            `unknown account "${ext.provisioner.name}"; known: ${[...byName.keys()].join(', ') || '(none)'}`,
          );
        for (const [r, raw] of (ext.resources ?? []).entries()) {
          const where = { file, path: [...extPath, 'resources', r] };
          const entry = selectEntry(raw, where, warnings);
          // _filter_specs_managed_by_erv2: such a spec is another integration's, then provider exclusions refuse the rest.
          if (truthy(entry['managed_by_erv2'])) continue;
          const excluded = exclusions.get(entry.provider);
          if (excluded && (excluded.all || excluded.provisioners.has(ext.provisioner.name)))
            throw inputError(
              { file, path: [...where.path, 'provider'] },
              `provider ${entry.provider} is not managed by terraform-resources in provisioner ${ext.provisioner.name} ` +
                `(settings.terraformResourcesProviderExclusions${settings.file ? ` in ${settings.file}` : ''}); set managed_by_erv2: true on the spec`,
            );
          const account = byName.get(ext.provisioner.name);
          const resource = await loader.resolveResource(entry, where, ext.provisioner.name, namespace, account?.providerVersion ?? '');
          const clash = outputNames.get(resource.outputResourceName);
          if (clash)
            throw inputError(
              { file, path: [...where.path, 'output_resource_name'] },
              `duplicate output_resource_name "${resource.outputResourceName}" in namespace ${ns.name} (also at ${clash.path.join('.')})`,
            );
          outputNames.set(resource.outputResourceName, where);
          // A disabled account's specs are read (and checked) but never synthesized (filter_disabled_accounts).
          if (account && !isAccountDisabled(account)) resources.push(resource);
        }
      }
    }
  }
  return { source, accounts, resources, settings: settings.value, warnings };
}

/** `disable.integrations` lists terraform-resources (`integration_is_enabled`, TAC filter_disabled_accounts). */
export function isAccountDisabled(account: Pick<Account, 'disable'>): boolean {
  return (account.disable?.integrations ?? []).includes('terraform-resources');
}

/** Python truthiness of a YAML value, as the reference tests these flags. */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  return v !== undefined && v !== null && v !== false && v !== 0 && v !== '';
}

/** The settings section: at most one document of a folder may carry it. */
function mergeSettings(docs: { file: string; doc: z.infer<typeof InventoryDocumentSchema> }[]): { value: Settings; file?: string } {
  const withSettings = docs.filter((d) => d.doc.settings);
  if (withSettings.length > 1)
    throw inputError({ file: withSettings[1]!.file, path: ['settings'] }, `settings are given twice (also in ${withSettings[0]!.file})`);
  const found = withSettings[0];
  return found?.doc.settings ? { value: found.doc.settings, file: found.file } : { value: {} };
}

function providerExclusions(settings: Settings): Map<string, { all: boolean; provisioners: Set<string> }> {
  return new Map(
    (settings.terraformResourcesProviderExclusions ?? []).map((x) => [
      x.provider,
      { all: x.excludeAllProvisioners ?? false, provisioners: new Set((x.excludeProvisioners ?? []).map((p) => p.name)) },
    ]),
  );
}

/**
 * A resource entry as the reconciler's query returns it: keys its kind's
 * fragment does not select are dropped (with a warning: the reference never
 * sees them), then the entry is validated.
 */
function selectEntry(raw: unknown, where: SourceRef, warnings: string[]): ResourceEntry {
  if (!isPlainObject(raw)) throw inputError(where, 'a resource entry must be a mapping');
  const kind = KindSchema.safeParse(raw['provider']);
  if (!kind.success) throw zodErrorAt(where, ['provider'], kind.error);
  const kept: Values = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (isSelected(kind.data, key)) kept[key] = value;
    else dropped.push(key);
  }
  if (dropped.length)
    warnings.push(
      `${where.file}: ${where.path.join('.')}: ignored ${dropped.map((k) => JSON.stringify(k)).join(', ')}: ` +
        `the reconciler's GraphQL query does not select ${dropped.length > 1 ? 'these keys' : 'this key'} for ${kind.data}`,
    );
  const parsed = ResourceEntrySchema.safeParse(kept);
  if (!parsed.success) throw zodErrorAt(where, [], parsed.error);
  return parsed.data;
}


/** zod issues of a value found at `where`, as one InputError naming the file and the full path. */
function zodErrorAt(where: SourceRef, prefix: (string | number)[], error: z.ZodError): InputError {
  const base = [...where.path, ...prefix];
  const paths = error.issues.map((i) => [...base, ...i.path.filter((p): p is string | number => typeof p !== 'symbol')]);
  const lines = error.issues.slice(0, 5).map((i, k) => `${where.file}: ${paths[k]!.join('.')}: ${i.message}`);
  const more = error.issues.length > 5 ? `\n  (${error.issues.length - 5} more)` : '';
  return new InputError(`${lines.join('\n')}${more}`, where.file, paths[0] ?? base);
}

class Loader {
  private readonly cache = new Map<string, Promise<unknown>>();
  constructor(private readonly root: string) {}

  async readDocument(abs: string, display: string): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (err) {
      throw inputError({ file: display, path: [] }, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    // JSON (what a reconciler hands over) parses ~20x faster with JSON.parse; on a
    // syntax error, fall through to the YAML parser for its line/column message.
    if (/\.json$/i.test(abs)) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // reported below
      }
    }
    try {
      // JSON is YAML 1.2; one parser gives line/column for both. `uniqueKeys` makes a
      // repeated key an error instead of a silent last-wins.
      return parseYaml(text, { uniqueKeys: true, maxAliasCount: 100 });
    } catch (err) {
      if (err instanceof YAMLParseError) {
        const pos = err.linePos?.[0];
        const at = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
        throw inputError({ file: display, path: [] }, `malformed YAML/JSON: ${at}${err.message.split('\n')[0]}`);
      }
      throw err;
    }
  }

  /**
   * A file referenced from the inventory: relative to the inventory file's folder,
   * or to the inventory root when it starts with `/` (app-interface style). It
   * must stay inside the root: the inventory is input, not a licence to read /etc.
   */
  private resolveRef(ref: string, where: SourceRef): { abs: string; display: string } {
    const abs = path.resolve(this.root, ref.startsWith('/') ? `.${ref}` : ref);
    const rel = path.relative(this.root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw inputError(where, `${JSON.stringify(ref)} points outside the inventory folder ${displayPath(this.root)}`);
    return { abs, display: displayPath(abs) };
  }

  async readValuesFile(ref: string, where: SourceRef, what: string): Promise<ValuesFile> {
    const { abs, display } = this.resolveRef(ref, where);
    let pending = this.cache.get(abs);
    if (!pending) {
      pending = (async () => {
        const info = await stat(abs).catch(() => undefined);
        if (!info) throw inputError(where, `${what} file not found: ${display}`);
        if (!info.isFile()) throw inputError(where, `${what} file is not a file: ${display}`);
        // A symlink inside the folder must not lead out of it either.
        const rel = path.relative(await realpath(this.root), await realpath(abs));
        if (rel.startsWith('..') || path.isAbsolute(rel))
          throw inputError(where, `${JSON.stringify(ref)} leads (through a symlink) outside the inventory folder ${displayPath(this.root)}`);
        return this.readDocument(abs, display);
      })();
      this.cache.set(abs, pending);
    }
    const doc = await pending;
    if (!isPlainObject(doc)) throw inputError({ file: display, path: [] }, `${what} file must hold a mapping of keys to values`);
    // get_values (TAC) drops `$schema`: every app-interface values file has one.
    const { $schema: _schema, ...values } = doc;
    return { values, where: { file: display, path: [] } };
  }

  async resolveResource(
    entry: ResourceEntry,
    where: SourceRef,
    account: string,
    namespace: ResolvedResource['namespace'],
    providerVersion: string,
  ): Promise<ResolvedResource> {
    const at = (...p: (string | number)[]) => ({ file: where.file, path: [...where.path, ...p] });
    const defaults = entry.defaults ? await this.readValuesFile(entry.defaults, at('defaults'), 'defaults') : undefined;
    let overrides: Values | undefined;
    if (typeof entry.overrides === 'string') {
      // app-interface stores overrides as a JSON string.
      try {
        overrides = JSON.parse(entry.overrides) as Values;
      } catch (err) {
        throw inputError(at('overrides'), `not valid JSON: ${(err as Error).message}`);
      }
      if (!isPlainObject(overrides)) throw inputError(at('overrides'), 'must be a JSON object');
    } else {
      overrides = entry.overrides;
    }
    const ownTags = resourceTagsOf(entry.tags, at('tags'));
    const values = mergeValues(entry, defaults?.values ?? {}, overrides, { providerVersion, tags: ownTags, where: defaults?.where ?? at('defaults') });
    const origins: Record<string, SourceRef> = {};
    for (const key of Object.keys(nestDottedKeys(defaults?.values ?? {})))
      origins[key] = { file: defaults?.where.file ?? where.file, path: [key] };
    for (const key of Object.keys(overrides ?? {})) origins[key] = at('overrides', key);
    for (const key of Object.keys(entry)) if (key in values) origins[key] = at(key);

    // A parameter group file named on the entry, or (app-interface style) by a
    // path in the defaults/overrides; an inline mapping there is read by the kind.
    const fileRef = async (key: 'parameter_group' | 'old_parameter_group'): Promise<ValuesFile | undefined> => {
      const ref = entry[key] ?? values[key];
      if (typeof ref !== 'string') return undefined;
      return this.readValuesFile(ref, entry[key] ? at(key) : (origins[key] ?? at(key)), key);
    };
    const parameterGroup = await fileRef('parameter_group');
    const oldParameterGroup = await fileRef('old_parameter_group');
    const specs: ResolvedSpec[] = [];
    for (const [i, spec] of (entry.specs ?? []).entries()) {
      const specDefaults = spec.defaults ? await this.readValuesFile(spec.defaults, at('specs', i, 'defaults'), 'specs defaults') : undefined;
      specs.push({
        ...(specDefaults ? { defaults: specDefaults } : {}),
        items: spec.queues ?? spec.tables ?? [],
        where: at('specs', i),
      });
    }
    let annotations = '{}';
    if (typeof entry.annotations === 'string') {
      try {
        annotations = JSON.stringify(JSON.parse(entry.annotations));
      } catch (err) {
        throw inputError(at('annotations'), `not valid JSON: ${(err as Error).message}`);
      }
    } else if (entry.annotations) {
      annotations = JSON.stringify(entry.annotations);
    }
    return {
      kind: entry.provider,
      identifier: entry.identifier,
      account,
      namespace,
      entry,
      values,
      origins,
      ...(parameterGroup ? { parameterGroup } : {}),
      ...(oldParameterGroup ? { oldParameterGroup } : {}),
      specs,
      images: entry.image ?? [],
      outputResourceName: entry.output_resource_name ?? outputPrefix(entry.identifier, entry.provider),
      annotations,
      where,
    };
  }
}

/**
 * The schema checks `YYYY-MM-DD`; this checks the day exists. The reconciler's
 * `strptime` raises DeletionApprovalExpirationValueError for 2026-02-30, while
 * Date.UTC would roll it over to March 2 and approve a delete for two more days.
 */
function checkApprovalDates(file: string, accounts: readonly { deletionApprovals?: readonly { expiration: string }[] | null | undefined }[]): void {
  for (const [i, account] of accounts.entries()) {
    for (const [j, approval] of (account.deletionApprovals ?? []).entries()) {
      const [y, m, d] = approval.expiration.split('-').map(Number) as [number, number, number];
      const t = new Date(Date.UTC(y, m - 1, d));
      if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) {
        throw inputError({ file, path: ['accounts', i, 'deletionApprovals', j, 'expiration'] }, `"${approval.expiration}" is not a calendar date (YYYY-MM-DD)`);
      }
    }
  }
}

/**
 * The entry's own `tags` (ERS.tags: a JSON string in app-interface, a mapping
 * accepted too), with the keys appCode/costCenter/servicePhase renamed to the
 * kebab-case the common tags use.
 */
function resourceTagsOf(raw: ResourceEntry['tags'], where: SourceRef): Record<string, string> | undefined {
  if (raw === undefined || raw === '') return undefined;
  let tags: unknown = raw;
  if (typeof raw === 'string') {
    try {
      tags = JSON.parse(raw) as unknown;
    } catch (err) {
      throw inputError(where, `not valid JSON: ${(err as Error).message}`);
    }
  }
  if (!isPlainObject(tags) || !Object.values(tags).every((v) => ['string', 'number', 'boolean'].includes(typeof v)))
    throw inputError(where, 'tags must be a mapping of names to strings, numbers or booleans');
  const renamed: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) renamed[TAG_KEY_RENAMES[k] ?? k] = String(v);
  return renamed;
}

const TAG_KEY_RENAMES: Readonly<Record<string, string>> = { appCode: 'app-code', costCenter: 'cost-center', servicePhase: 'service-phase' };

/** zod issues -> one InputError naming the file and the first issue's path (up to 5 issues listed). */
function zodError(file: string, error: z.ZodError): InputError {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`);
  const more = error.issues.length > 5 ? `\n  (${error.issues.length - 5} more)` : '';
  const first = error.issues[0];
  const firstPath = (first?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
  return new InputError(`${file}: ${issues.join(`\n${file}: `)}${more}`, file, firstPath);
}

/** Paths in messages: relative to the cwd when inside it, as a person typed them. */
function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

/** `cluster.spec.region` when it is a string (the namespace's cluster keeps unknown keys). */
function clusterSpecRegion(cluster: Record<string, unknown>): string | undefined {
  const spec = cluster['spec'];
  const region = spec && typeof spec === 'object' ? (spec as Record<string, unknown>)['region'] : undefined;
  return typeof region === 'string' ? region : undefined;
}
