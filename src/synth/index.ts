/** Synthesis: inventory in, per-account Terraform JSON out. The only door to cdktf. */
export { loadInventory } from './load-inventory.js';
export { synthAccount, type AccountConfig } from './synth-account.js';
export { writeWorkingDir, CONFIG_FILE } from './write-working-dir.js';
export { accountInfo, listAccounts, type AccountInfo, type BackendConfig } from './account-info.js';
export type { Inventory, ResolvedResource, SourceRef, Account } from './inventory.js';
export { KINDS, type Kind } from './inventory-schema.js';
export { priorStateFromRaw, needsPriorState, stateKeepsVaultSecret, stateKeepsFetchedInput, bootstrapMayHoldPlaceholder, generateSecret, recordingSecretGenerator, redactValues, GENERATED_SECRET_MARK } from './prior-state.js';
export type { PriorState, ResolvedImage, SynthOptions } from './synth-options.js';
