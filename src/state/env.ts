/**
 * The one function that owns the environment of every terraform child process.
 * Terraform reads a lot from its environment; tfdoctor pins what changes the
 * shape of its output and refuses what silently changes its arguments.
 */
import { EnvironmentError } from '../errors.js';
import type { TerraformContext } from './terraform/context.js';

/** Environment variables whose name starts with one of these are removed. */
const CLEARED_PREFIXES = ['TF_LOG'] as const;

/**
 * Taken from `tf.env` only, never inherited from the parent. TF_DATA_DIR moves
 * `.terraform/`: tfdoctor reads `<cwd>/.terraform` itself (the saved plan, whether
 * init is needed), and a fleet runs many working dirs at once, which one inherited
 * data dir would mix up (one account's backend config in another's plan). The
 * rehearsal sets it explicitly for its copy.
 */
const ONLY_EXPLICIT = new Set(['TF_DATA_DIR']);

/**
 * Build the complete environment for a terraform child: the parent's
 * environment (PATH, HOME, AWS_*, proxies pass through), then `tf.env`, then the
 * pinned values.
 *
 * - `TF_IN_AUTOMATION=1`: no "run terraform apply next" hints in the output.
 * - `TF_INPUT=0`: terraform never waits on a prompt (e.g. a missing variable).
 * - `TF_LOG*` cleared: with TF_LOG set, terraform writes logs to stderr (and
 *   provider logs too), which would mix with the text tfdoctor classifies.
 * - `TF_CLI_ARGS` / `TF_CLI_ARGS_<cmd>` refused: terraform appends them to the
 *   argv, so `-lock=false` or `-refresh=false` could be slipped into a repair.
 * - `TF_DATA_DIR`: from `tf.env` only (see ONLY_EXPLICIT above).
 * - `TF_WORKSPACE`: the parent's passes through, as `terraform workspace select`
 *   would: one workspace for every command of a run (plan, probe, repair), so a
 *   report's state binding and its repair name the same state. Callers that need
 *   the default workspace unset it in `tf.env` (a synthesized account, whose
 *   backend key is per account; the rehearsal, whose local state path it would move).
 * - `TF_VAR_*`: the parent's pass through: the input variables of a caller's own
 *   config (`--dir`), as terraform reads them. A synthesized config declares no
 *   variables, and terraform ignores values for undeclared ones. Their values are
 *   never logged (nothing here prints the environment).
 */
export function childEnv(
  tf: Pick<TerraformContext, 'env'>,
  parent: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  const inherited: Record<string, string | undefined> = { ...parent };
  for (const key of ONLY_EXPLICIT) delete inherited[key];
  const merged: Record<string, string | undefined> = { ...inherited, ...tf.env };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) continue;
    if (CLEARED_PREFIXES.some((p) => key.startsWith(p))) continue;
    if (key === 'TF_CLI_ARGS' || key.startsWith('TF_CLI_ARGS_')) {
      if (value === '') continue;
      throw new EnvironmentError(
        `${key} is set: terraform would add "${value}" to every command tfdoctor runs`,
        `unset ${key} (tfdoctor passes every flag itself so a plan or a repair means what it says)`,
      );
    }
    out[key] = value;
  }
  out['TF_IN_AUTOMATION'] = '1';
  out['TF_INPUT'] = '0';
  return out;
}
