/**
 * src/state: every child process and every byte of state. Read-only wrappers
 * only: the state-mutating ones (terraform/mutating/) are imported by src/repair
 * and the test bed directly, never re-exported here.
 */
export * from '../tfjson/index.js';
export { childEnv } from './env.js';
export type { TerraformContext } from './terraform/context.js';
export { terraformBin, TERRAFORM_BIN_ENV } from './terraform/binary.js';
// runTerraform (terraform/exec.ts) runs any subcommand, so it is NOT exported: a caller
// could reach `state rm` without the guard. Each read-only subcommand has its wrapper below.
export { DEFAULT_GRACE_MS, type RunResult, type RunOptions } from './terraform/exec.js';
export { assertAddress, assertPositional } from './terraform/address.js';
export { version, versionArgs, assertSupportedVersion, compareVersions, isOpenTofuBin, MIN_TERRAFORM_VERSION, type TerraformVersion, type VersionOptions } from './terraform/version.js';
export { init, initArgs, classifyInitFailure, type InitOptions } from './terraform/init.js';
export { plan, planArgs, type PlanOptions, type PlanRun } from './terraform/plan.js';
export { showPlan, showPlanArgs, showState, showStateArgs } from './terraform/show.js';
export { output, outputArgs, type OutputValue } from './terraform/output.js';
export { statePull, statePullIfAny, statePullArgs } from './terraform/state-pull.js';
export { stateList, stateListArgs } from './terraform/state-list.js';
export { validate, validateArgs, type ValidateResult } from './terraform/validate.js';
export { readPlanFileState, type PlanFileEntry } from './plan-file.js';
export { snapshotOf, type StateSnapshot } from './state-snapshot.js';
export { findProviderMirror, mirrorCliConfigIfNeeded, writeCliConfig, renderCliConfig, defaultMirrorCandidates, looksLikeMirror, type CliConfigOptions, type MirrorCliConfig } from './cli-config.js';
