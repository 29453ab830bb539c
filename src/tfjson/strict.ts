/**
 * The strict check (as terraform-json's tests decode with unknown fields
 * disallowed): every key a document has that the schema does not name, as a
 * path. Parsing stays loose (a newer Terraform must not break a diagnosis);
 * this check is what the golden tests run over every captured fixture and the
 * shared corpus, so a Terraform upgrade that adds a field is seen, not
 * silently tolerated.
 *
 * Fields the schema types as `unknown` (attribute values, `configuration`,
 * `prior_state`) are not descended into: their shape is the provider's, not
 * Terraform's document format.
 */
import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Paths (`resource_changes[3].change.foo`) of the keys in `doc` that `schema` does not know. */
export function unknownKeys(schema: z.ZodType, doc: unknown, path = ''): string[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
      return def.innerType ? unknownKeys(def.innerType, doc, path) : [];
    case 'pipe':
      return def.in ? unknownKeys(def.in, doc, path) : [];
    case 'lazy':
      return def.getter ? unknownKeys(def.getter(), doc, path) : [];
    case 'object': {
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return [];
      const shape = def.shape ?? {};
      const out: string[] = [];
      for (const [k, v] of Object.entries(doc as Record<string, unknown>)) {
        const p = path ? `${path}.${k}` : k;
        const field = shape[k];
        if (!field) out.push(p);
        else out.push(...unknownKeys(field, v, p));
      }
      return out;
    }
    case 'array':
      return Array.isArray(doc) && def.element ? doc.flatMap((v, i) => unknownKeys(def.element as z.ZodType, v, `${path}[${i}]`)) : [];
    case 'record':
      return doc && typeof doc === 'object' && def.valueType
        ? Object.entries(doc as Record<string, unknown>).flatMap(([k, v]) => unknownKeys(def.valueType as z.ZodType, v, `${path}.${k}`))
        : [];
    case 'union': {
      // The option that knows the most keys decides (the fewest unknown ones).
      const lists = (def.options ?? []).map((o) => unknownKeys(o, doc, path));
      return lists.length ? lists.reduce((a, b) => (b.length < a.length ? b : a)) : [];
    }
    default:
      return [];
  }
}

/** Unknown key paths with array indexes folded (`resource_changes[].change.foo`), deduplicated and sorted: the list a test compares. */
export function unknownKeySet(schema: z.ZodType, doc: unknown): string[] {
  return [...new Set(unknownKeys(schema, doc).map((p) => p.replace(/\[\d+\]/g, '[]')))].sort();
}
