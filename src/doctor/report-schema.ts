/** The report's JSON Schema (what schema/report.schema.json holds), generated from the zod schema. */
import { z } from 'zod';
import { FleetReport, Report } from './report.js';

/** The `$id` of the report JSON Schema (schema/report.schema.json). */
export const REPORT_SCHEMA_ID = 'https://github.com/tfdoctor/tfdoctor/schema/report.schema.json';

/**
 * The report as JSON Schema (draft 2020-12), FleetReport in `$defs`: for consumers that do not run TypeScript.
 * A finding is a `oneOf` over the finding kinds (each branch a `const` kind), and
 * each kind's evidence is its own entry in `$defs` (`StateLockHeldEvidence`, ...).
 */
export function reportJsonSchema(): Record<string, unknown> {
  const report = z.toJSONSchema(Report, { target: 'draft-2020-12' });
  const { $schema: _drop, $defs: fleetDefs, ...fleet } = z.toJSONSchema(FleetReport, { target: 'draft-2020-12' });
  // Both documents name the same shared schemas (by their `id` meta) in `$defs`; one copy of each, at the root.
  return {
    ...report,
    $id: REPORT_SCHEMA_ID,
    title: 'tfdoctor report (schemaVersion 1)',
    $defs: { ...report.$defs, ...fleetDefs, FleetReport: fleet },
  };
}

/** The committed file's exact text. */
export function reportJsonSchemaText(): string {
  return `${JSON.stringify(reportJsonSchema(), null, 2)}\n`;
}
