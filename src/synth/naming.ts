/**
 * Names and tags as the reference reconciler makes them, plus escaping of every
 * string that came from the inventory.
 */
import type { Kind } from './inventory-schema.js';

/** `<identifier>-<kind with _ replaced by ->`, e.g. `quay-db-rds`. Dots become `_` so it is a valid output name. */
export function outputPrefix(identifier: string, kind: Kind): string {
  return `${identifier}-${kind.replace(/_/g, '-')}`.replace(/\./g, '_');
}

/** Terraform resource names allow letters, digits, `_` and `-` and start with a letter or `_`. */
const TF_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A Terraform resource name from an identifier (dots, e.g. in zone names, become `_`); undefined when not representable. */
export function tfName(raw: string): string | undefined {
  const name = raw.replace(/\./g, '_');
  return TF_NAME.test(name) ? name : undefined;
}

/** A Terraform name for `<base>-<suffix>` where suffix may hold characters names can't (policy names: `+=,.@/`). */
export function tfNameWithSuffix(base: string, suffix: string): string {
  return `${base}-${suffix.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export interface TagContext {
  cluster: string;
  namespace: string;
  environment?: string | undefined;
  app?: string | undefined;
  appCode?: string | undefined;
  /** app.costCenter */
  costCenter?: string | undefined;
  /** environment.servicePhase (the query selects no app.servicePhase) */
  environmentServicePhase?: string | undefined;
  /** environment.costCenter: wins over app.costCenter */
  environmentCostCenter?: string | undefined;
  /** cluster.spec.region (alb's provider in a multi-region account) */
  clusterRegion?: string | undefined;
}

export const INTEGRATION = 'terraform_resources';

/**
 * ERS.tags(): the common tags in the reference's order (service-phase from the
 * environment, the environment's cost-center over the app's), then the
 * resource's own tags, whose keys the loader already renamed to kebab-case.
 */
export function resourceTags(ctx: TagContext, own: Record<string, string> | undefined): Record<string, string> {
  const tags: Record<string, string> = {
    managed_by_integration: INTEGRATION,
    cluster: ctx.cluster,
    namespace: ctx.namespace,
  };
  if (ctx.environment) tags['environment'] = ctx.environment;
  if (ctx.app) tags['app'] = ctx.app;
  if (ctx.appCode) tags['app-code'] = ctx.appCode;
  if (ctx.costCenter) tags['cost-center'] = ctx.costCenter;
  if (ctx.environmentServicePhase) tags['service-phase'] = ctx.environmentServicePhase;
  if (ctx.environmentCostCenter) tags['cost-center'] = ctx.environmentCostCenter;
  return { ...tags, ...(own ?? {}) };
}

/**
 * Terraform JSON evaluates every string as a template (`${...}` and `%{...}`,
 * including object keys in expressions; seen on 1.11), so a value from the
 * inventory could read files or reference other resources. `$${` and `%%{` are
 * the literal forms. cdktf does not escape (0.21 passes strings through), so we do.
 */
export function escapeTemplate(text: string): string {
  // A replacer function: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** escapeTemplate applied to every string (and object key) in a JSON-like value. */
export function escapeDeep<T>(value: T): T {
  if (typeof value === 'string') return escapeTemplate(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[escapeTemplate(k)] = escapeDeep(v);
    return out as T;
  }
  return value;
}
