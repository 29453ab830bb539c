/**
 * What a kind builder gets: the stack, the resource, its provider, and helpers
 * that keep addresses unique, names exact (the reference's) and input escaped.
 */
import type { Construct } from 'constructs';
import type { TerraformDataSource, TerraformResource, TerraformStack, TerraformProvider } from 'cdktf';
import { cdktf } from '../cdk.js';
import type { AccountInfo } from '../account-info.js';
import type { ResolvedResource, SourceRef } from '../inventory.js';
import { inputError } from '../load-inventory.js';
import type { Values } from '../merge.js';
import { escapeDeep } from '../naming.js';
import { isPlainObject } from '../../util/objects.js';
import type { SynthOptions } from '../synth-options.js';

export interface ImageMetadata {
  tag_name: string;
  commit: string;
  url?: string;
  region: string;
}

/** Shared by all resources of one account. */
export interface StackState {
  stack: TerraformStack;
  account: AccountInfo;
  /** `type.name` -> where it was declared, to refuse two resources at one address. */
  addresses: Map<string, SourceRef>;
  outputs: Map<string, SourceRef>;
  images: Record<string, ImageMetadata>;
  /** What synthesis got from outside the inventory (state, AMIs, secrets). */
  options: SynthOptions;
  /** Providers other than aws that a resource of this account needs (see requireProvider). */
  extraProviders: Set<ExtraProvider>;
  /** Every resource of this account (a kind that refers to another, as rds `kms_key_id` does, looks it up here). */
  accountResources?: readonly ResolvedResource[];
}

/** The reference's `required_providers` for the providers besides aws (TerrascriptClient). */
export const EXTRA_PROVIDERS = {
  time: { source: 'hashicorp/time', version: '0.13.1' },
  random: { source: 'hashicorp/random', version: '3.8.1' },
  cloudinit: { source: 'hashicorp/cloudinit', version: '2.3.3' },
} as const;
export type ExtraProvider = keyof typeof EXTRA_PROVIDERS;

/** A resource of this kind uses `name` (time_sleep, random_id, data.cloudinit_config): require it as the reference does. */
export function requireProvider(ctx: StackState, name: ExtraProvider): void {
  ctx.extraProviders.add(name);
}

export interface KindContext extends StackState {
  res: ResolvedResource;
  /** The aliased provider for the resource's region, or undefined for the default provider. */
  provider: TerraformProvider | undefined;
  region: string;
  /** Common + own tags, escaped. */
  tags: Record<string, string>;
  /** The identifier as a Terraform name. */
  name: string;
  /** `<identifier>-<kind>`: outputs are `<prefix>__<field>`. */
  prefix: string;
}

/** A constructor whose prototype has one accessor per schema attribute (cdktf generated classes do). */
export type ResourceClass = { prototype: object; tfResourceType: string };

const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection']);

/** Keys every kind consumes itself; never passed to a Terraform resource. */
export const CONSUMED_EVERYWHERE = ['identifier', 'tags', 'region'] as const;

/** A generated cdktf resource or data source class. */
export type Declarable<T, C> = (new (scope: Construct, id: string, config: C) => T) & ResourceClass;

/**
 * Create a resource (or data source) at exactly `<type>.<name>`: the cdktf logical
 * id is overridden so addresses match the reference's. A second resource at the
 * same address is refused before cdktf sees it, naming both inventory entries.
 */
export function declare<T extends TerraformResource | TerraformDataSource, C>(
  ctx: KindContext,
  cls: Declarable<T, C>,
  name: string,
  config: C,
  data = false,
): T {
  const address = `${data ? 'data.' : ''}${cls.tfResourceType}.${name}`;
  const seen = ctx.addresses.get(address);
  if (seen)
    throw inputError(
      ctx.res.where,
      `${address} would be declared twice (also by ${seen.file}: ${seen.path.join('.')}); names must be unique per account and type`,
    );
  ctx.addresses.set(address, ctx.res.where);
  const resource = new cls(ctx.stack, address, config);
  resource.overrideLogicalId(name);
  return resource;
}

/** `<prefix>__<field>` output; sensitive ones are marked so `terraform output` and plans hide them. */
export function output(ctx: KindContext, field: string, value: unknown, sensitive = false): void {
  const name = `${ctx.prefix}__${field}`;
  const seen = ctx.outputs.get(name);
  if (seen) throw inputError(ctx.res.where, `output ${name} would be declared twice (also by ${seen.file}: ${seen.path.join('.')})`);
  ctx.outputs.set(name, ctx.res.where);
  new cdktf.TerraformOutput(ctx.stack, name, { value, ...(sensitive ? { sensitive: true } : {}) }).overrideLogicalId(name);
}

/**
 * The reference's qrtf_* metadata outputs, on every kind (TAC init_common_outputs):
 * `__qrtf_resource` is always "Secret" (the OpenShift kind the outputs feed), and
 * `__qrtf_annotations` exists only when the spec has annotations, as base64 of
 * Python's `json.dumps(..., sort_keys=True)` (pythonJsonDumps).
 */
export function metadataOutputs(ctx: KindContext): void {
  const ns = ctx.res.namespace;
  output(ctx, 'qrtf_cluster', escapeDeep(ns.cluster));
  output(ctx, 'qrtf_namespace', escapeDeep(ns.namespace));
  output(ctx, 'qrtf_resource', 'Secret');
  output(ctx, 'qrtf_output_resource_name', escapeDeep(ctx.res.outputResourceName));
  const annotations: unknown = JSON.parse(ctx.res.annotations);
  if (annotations && typeof annotations === 'object' && Object.keys(annotations).length)
    output(ctx, 'qrtf_annotations', Buffer.from(pythonJsonDumps(annotations), 'utf8').toString('base64'));
}

/**
 * Python's `json.dumps(value, sort_keys=True)` with its defaults: separators
 * `", "` and `": "`, ensure_ascii (DEL and every non-ASCII UTF-16 unit as a lowercase
 * `\uXXXX`), keys sorted. Numbers print as JavaScript prints them (Python
 * would print a float such as 1.0 as "1.0"; annotations are strings in practice).
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(obj[k])}`)
    .join(', ')}}`;
}

const SNAKE = /^[a-z][a-z0-9_]*$/;

function camel(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Copy values from the inventory onto a resource as raw Terraform attributes.
 * Only keys that are attributes of the resource's schema (an accessor on the
 * generated class) pass; meta-arguments never do. Unknown keys are an error
 * naming where the key came from, so a typo doesn't vanish silently.
 */
export function applyValues(
  ctx: KindContext,
  resource: { addOverride(path: string, value: unknown): void },
  cls: ResourceClass,
  values: Values,
  skip: Iterable<string>,
  /** The values file the values came from, when not the resource's own merged values. */
  from?: SourceRef,
): void {
  const skipped = new Set<string>([...CONSUMED_EVERYWHERE, ...skip]);
  for (const [key, value] of Object.entries(values)) {
    if (skipped.has(key) || value === null || value === undefined) continue;
    checkAttribute(ctx, cls, key, from && { file: from.file, path: [...from.path, key] });
    resource.addOverride(key, escapeDeep(value));
  }
}

const attributeCache = new Map<ResourceClass, Set<string>>();

/**
 * The schema attributes of a generated resource class: accessors defined on its
 * own prototype (cdktf's base classes add methods such as toTerraform and getters
 * such as fqn, which are not attributes).
 */
export function hasAttribute(cls: ResourceClass, camelKey: string): boolean {
  let names = attributeCache.get(cls);
  if (!names) {
    names = new Set(
      Object.entries(Object.getOwnPropertyDescriptors(cls.prototype))
        .filter(([, d]) => d.get !== undefined)
        .map(([name]) => name),
    );
    attributeCache.set(cls, names);
  }
  return names.has(camelKey);
}

export function checkAttribute(ctx: KindContext, cls: ResourceClass, key: string, where?: SourceRef): void {
  if (!SNAKE.test(key) || META_ARGUMENTS.has(key) || !hasAttribute(cls, camel(key))) {
    const blame = where ?? ctx.res.origins[key] ?? ctx.res.where;
    throw inputError(
      blame.path.length && blame.path[blame.path.length - 1] === key ? blame : { ...blame, path: [...blame.path, key] },
      `unknown attribute "${key}" for ${cls.tfResourceType} (kind ${ctx.res.kind})`,
    );
  }
}

/** The subset of values for which `pick(key)` holds. */
export function pickValues(values: Values, pick: (key: string) => boolean): Values {
  return Object.fromEntries(Object.entries(values).filter(([k]) => pick(k)));
}

/** A value as a string, or an error naming where it came from. */
export function stringValue(ctx: KindContext, key: string): string | undefined {
  const v = ctx.res.values[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw inputError(ctx.res.origins[key] ?? ctx.res.where, `${key} must be a string`);
  return String(v);
}

/** Regional resources take the aliased provider; `undefined` leaves the default provider. */
export function providerOf(ctx: KindContext): { provider?: TerraformProvider } {
  return ctx.provider ? { provider: ctx.provider } : {};
}

/**
 * The fields of a Secrets Manager version as the reconciler last wrote it: the
 * `secret_string` of `aws_secretsmanager_secret_version.<identifier>` in the
 * account's state, parsed as a mapping of strings; undefined when absent or not that shape.
 */
export function priorSecretFields(ctx: KindContext, identifier: string): Record<string, string> | undefined {
  const s = ctx.options.priorState?.attributes(`aws_secretsmanager_secret_version.${identifier}`)?.['secret_string'];
  if (typeof s !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(s);
    return isPlainObject(parsed) && Object.values(parsed).every((x) => typeof x === 'string') ? (parsed as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
