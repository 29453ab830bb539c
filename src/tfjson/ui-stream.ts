/**
 * Terraform's machine-readable UI (`plan -json`, `apply -json`, `validate -json`
 * diagnostics): one JSON object per line. Only the message types tfdoctor reads
 * are typed; the rest pass through as `UiMessage` with their `type`.
 */
import { z } from 'zod';

export const Pos = z.looseObject({ line: z.number(), column: z.number(), byte: z.number().optional() });
/** A diagnostic of the `-json` UI stream (plan, apply, init): severity, summary, detail, address, range. */
export const Diagnostic = z.looseObject({
  severity: z.enum(['error', 'warning']),
  summary: z.string(),
  detail: z.string().optional().default(''),
  /** Set by Terraform when it knows the resource (often empty for import/data errors: see `range`/`snippet`). */
  address: z.string().optional(),
  range: z.looseObject({ filename: z.string(), start: Pos, end: Pos }).optional(),
  snippet: z.looseObject({
    context: z.string().nullable().optional(),
    code: z.string(),
    start_line: z.number(),
    highlight_start_offset: z.number().optional(),
    highlight_end_offset: z.number().optional(),
    values: z.array(z.unknown()).optional(),
  }).optional(),
});
export type Diagnostic = z.infer<typeof Diagnostic>;

/** One line of the `-json` UI stream (`terraform plan -json`). */
export const UiMessage = z.looseObject({
  '@level': z.string(),
  '@message': z.string(),
  '@module': z.string().optional(),
  '@timestamp': z.string().optional(),
  /** The message type: version, diagnostic, planned_change, resource_drift, change_summary, apply_*, ... */
  type: z.string(),
  /** `version` message: the terraform version (e.g. "1.11.4"). */
  terraform: z.string().optional(),
  /** `version` message: the UI stream's own version (e.g. "1.2"). */
  ui: z.string().optional(),
  /** `diagnostic` message: the diagnostic. */
  diagnostic: Diagnostic.optional(),
  /** planned_change / resource_drift: { resource: {addr,...}, action, reason?, previous_resource? } */
  change: z.looseObject({
    resource: z.looseObject({
      /** The instance address, e.g. `module.m.aws_s3_bucket.b["k"]`. */
      addr: z.string(),
      /** The module part of addr ("" at the root). */
      module: z.string().optional(),
      /** addr without the module part. */
      resource: z.string().optional(),
      /** The provider inferred from the type name (e.g. "aws"). */
      implied_provider: z.string().optional(),
      resource_type: z.string().optional(),
      resource_name: z.string().optional(),
      /** The instance key (count index or for_each key), null without one. */
      resource_key: z.union([z.string(), z.number()]).nullable().optional(),
    }),
    /** create, update, delete, replace, read, noop, move, remove, import. */
    action: z.string(),
    reason: z.string().optional(),
    previous_resource: z.looseObject({ addr: z.string() }).optional(),
    importing: z.looseObject({ id: z.string().optional() }).optional(),
  }).optional(),
  /** change_summary: counts */
  changes: z.looseObject({ add: z.number(), change: z.number(), remove: z.number(), import: z.number().optional(), operation: z.string() }).optional(),
  hook: z.record(z.string(), z.unknown()).optional(),
});
export type UiMessage = z.infer<typeof UiMessage>;

/** Parse a `-json` UI stream; non-JSON lines (e.g. provider noise) are returned separately, never dropped. */
export function parseUiStream(text: string): { messages: UiMessage[]; other: string[] } {
  const messages: UiMessage[] = [];
  const other: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      other.push(line);
      continue;
    }
    const r = UiMessage.safeParse(obj);
    if (r.success) messages.push(r.data);
    else other.push(line);
  }
  return { messages, other };
}

export function diagnosticsOf(messages: readonly UiMessage[]): Diagnostic[] {
  return messages.flatMap((m) => (m.type === 'diagnostic' && m.diagnostic ? [m.diagnostic] : []));
}
