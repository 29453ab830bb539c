/**
 * Running tfdoctor against real accounts: synthesize, plan, probe, diagnose.
 * (Fleet runs, sharding and merging add their exports below.)
 */
export { planAccount, versionFromStream } from './plan-account.js';
export type { PlanAccountOptions, PlanAccountResult, PlanPhase, PlanProgressEvent } from './plan-account.js';
export { probeCandidates, importBlocksJson, readProbeMessages, missingImportAddress, runExistsProbe, PROBE_FILE } from './probes.js';
export type { ProbeCandidate, ProbeOutcome, ProbePlanRunner } from './probes.js';
export { hasAmiNotFound, isAmiNoResults } from './ami-diagnostics.js';
export { amiQueriesFromJson, amiQueriesFromHcl, failedAmiAddresses, lookupAmis, listTaggedImages } from './ami-lookup.js';
export type { AmiQuery } from './ami-lookup.js';
export { defaultWorkDir, planFilePath, needsInit, initRequired, reconfigureRequired, INIT_REQUIRED_SUMMARIES, makeProbeCopy } from './workdir.js';
export { planFleet, fleetAccounts, runPool, phaseOf, prewarmPluginCache, type PlanFleetOptions, type FleetPhase, type FleetProgressEvent, type AccountPlanner, type PrewarmOptions } from './fleet.js';
export { selectShard, shardOf, parseShard, type Shard } from './shard.js';
export { mergeReports, readReportFile, type MergeInput, type MergeResult } from './merge.js';
