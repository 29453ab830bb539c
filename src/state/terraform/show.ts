/** `terraform show -json`: a saved plan, or the current state. */
import { z } from 'zod';
import { TerraformExitError } from '../../errors.js';
import { PlanJson } from '../../tfjson/plan.js';
import { ShowState } from '../../tfjson/show-state.js';
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';
import { assertPositional } from './address.js';

export function showPlanArgs(planFile: string): string[] {
  return ['show', '-json', '-no-color', assertPositional(planFile, 'plan file')];
}

export function showStateArgs(): string[] {
  return ['show', '-json', '-no-color'];
}

/** Loads the provider schemas, so it costs a provider start (about 1.5 s seen). */
export async function showPlan(tf: TerraformContext, planFile: string): Promise<PlanJson> {
  const r = await runTerraform(tf, showPlanArgs(planFile));
  return parseJsonDoc(PlanJson, r.stdout, r.argv, 'plan JSON');
}

export async function showState(tf: TerraformContext): Promise<ShowState> {
  const r = await runTerraform(tf, showStateArgs());
  return parseJsonDoc(ShowState, r.stdout, r.argv, 'state JSON');
}

export function parseJsonDoc<T>(schema: z.ZodType<T>, stdout: string, argv: string[], what: string): T {
  let obj: unknown;
  try {
    obj = JSON.parse(stdout);
  } catch {
    throw new TerraformExitError(argv, 0, stdout.slice(0, 2000), '', `${argv.slice(1, 3).join(' ')} did not print JSON (${what})`);
  }
  const parsed = schema.safeParse(obj);
  if (!parsed.success) {
    throw new TerraformExitError(argv, 0, '', '', `${argv.slice(1, 3).join(' ')} printed a ${what} tfdoctor cannot read: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
