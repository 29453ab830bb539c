/** `terraform state list`: the addresses in state (managed and data). */
import type { TerraformContext } from './context.js';
import { runTerraform } from './exec.js';

export function stateListArgs(): string[] {
  return ['state', 'list'];
}

export async function stateList(tf: TerraformContext): Promise<string[]> {
  const r = await runTerraform(tf, stateListArgs());
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}
