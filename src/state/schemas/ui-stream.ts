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
  type: z.string(),
  diagnostic: Diagnostic.optional(),
  /** planned_change / resource_drift: { resource: {addr,...}, action, reason?, previous_resource? } */
  change: z.looseObject({
    resource: z.looseObject({ addr: z.string(), resource_type: z.string().optional(), resource_name: z.string().optional() }),
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
