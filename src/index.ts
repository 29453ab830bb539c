/**
 * `tfdoctor`: what a reconciler imports. Plan one account or a fleet (synthesize,
 * init, plan, probe, diagnose), compare with the previous run, render the
 * merge-request comment (from tfdoctor/doctor), and the guarded repair flow. The pure diagnosis alone
 * is `tfdoctor/doctor` (much faster to import), and everything in it is here too.
 *
 * Every name here is a contract (test/unit/exports.test.ts holds the list):
 * add with care, never rename. Internals (pools, parsers, terraform wrappers)
 * stay behind their own modules.
 *
 * A guest in the caller's process: cancel with an `AbortSignal` (`signal`), see
 * progress through `onProgress`; tfdoctor installs no signal handlers, never
 * exits the process and writes nothing to stdout/stderr itself.
 */
export * from './public/doctor.js';
export { TerraformExitError, InputError, GuardError, EnvironmentError } from './errors.js';
export { VERSION } from './version.js';

// Inventory and synthesis.
export { loadInventory } from './synth/load-inventory.js';
export { synthAccount, type AccountConfig } from './synth/synth-account.js';
export { writeWorkingDir } from './synth/write-working-dir.js';
export { listAccounts, accountInfo, type AccountInfo, type BackendConfig } from './synth/account-info.js';
export type { Inventory, Account } from './synth/inventory.js';

// Planning one account, a fleet, shards; the previous run.
export { planAccount, type PlanAccountOptions, type PlanAccountResult, type PlanPhase, type PlanProgressEvent } from './run/plan-account.js';
export { planFleet, type PlanFleetOptions, type FleetPhase, type FleetProgressEvent, type AccountPlanner } from './run/fleet.js';
export { parseShard, type Shard } from './run/shard.js';
export { mergeReports, readReportFile, type MergeInput, type MergeResult } from './run/merge.js';
export { readBaseline, type Baseline } from './run/baseline.js';
export { RawState } from './tfjson/index.js';
export type { StateSnapshot } from './state/state-snapshot.js';

// Guarded repairs (contracts §4).
export { proposeRepair, type ProposeOptions } from './repair/propose.js';
export { approveRepair, type ApproveOptions } from './repair/approve.js';
export { verifyRepair, type VerifyOptions, type VerifiedRepair } from './repair/verify.js';
export { applyRepair, type ApplyRepairOptions, type ApplyRepairResult } from './repair/apply.js';
export { renderRepair, type RenderRepairOptions } from './repair/render.js';
export { generateKeyPair, approversLine, readApproversFile, readPrivateKeyFile, writeKeyFile, type KeyPair, type ApproverEntry } from './repair/keys.js';
export { Repair, readRepairFile, writeRepairFile } from './repair/repair-file.js';
export { resolveIdentity } from './repair/identity.js';
export type { AuditRecord } from './repair/audit.js';
