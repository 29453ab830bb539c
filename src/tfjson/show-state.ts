/**
 * `terraform show -json` without a plan file: the current state as values.
 * Unlike the raw state (`state pull`) it has no lineage/serial; an empty state
 * prints only `{"format_version":"1.0"}` (seen on 1.11.4).
 */
import { z } from 'zod';
import { checkFormatVersion } from './format-version.js';
import { StateValues } from './plan.js';

export const ShowState = z.looseObject({
  format_version: z.string().refine(checkFormatVersion, { message: 'unsupported state JSON format_version major (tfdoctor reads 1.x)' }),
  terraform_version: z.string().optional(),
  values: StateValues.optional(),
});
export type ShowState = z.infer<typeof ShowState>;
