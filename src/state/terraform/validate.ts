/** `terraform validate -json`: read-only; needs the providers (`init -backend=false` is enough), not the state. */
import { z } from 'zod';
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';
import { parseJsonDoc } from './show.js';
import { Diagnostic } from '../../tfjson/ui-stream.js';

const ValidateJson = z.looseObject({
  valid: z.boolean(),
  error_count: z.number(),
  warning_count: z.number(),
  diagnostics: z.array(Diagnostic),
});
export type ValidateResult = z.infer<typeof ValidateJson>;

export function validateArgs(): string[] {
  return ['validate', '-json', '-no-color'];
}

/** Exit 1 means "invalid": returned with the diagnostics, not thrown. */
export async function validate(tf: TerraformContext): Promise<ValidateResult> {
  const r = await runTerraform(tf, validateArgs(), { okExitCodes: [1] });
  return parseJsonDoc(ValidateJson, r.stdout, r.argv, 'validate JSON');
}
