/**
 * Guarded repairs (contracts §4): propose, approve by a second person, apply
 * with a rehearsal, a backup, a verification plan and an audit record.
 */
export { proposeRepair, selectProposals, insteadOf, DEFAULT_TTL_MS, type ProposeOptions } from './propose.js';
export { approveRepair, type ApproveOptions } from './approve.js';
export { verifyRepair, checkStateBinding, GUARD_CHECKS, type VerifyOptions, type VerifiedRepair } from './verify.js';
export { applyRepair, type ApplyRepairOptions, type ApplyRepairResult } from './apply.js';
export { renderRepair, predictionLines, type RenderRepairOptions } from './render.js';
export {
  generateKeyPair,
  approversLine,
  parseApprovers,
  readApproversFile,
  readPrivateKeyFile,
  writeKeyFile,
  signApproval,
  verifyApproval,
  approvalMessage,
  type KeyPair,
  type ApproverEntry,
} from './keys.js';
export {
  Repair,
  RepairProposal,
  StateBinding,
  Approval,
  REPAIR_VERSION,
  REPAIR_VERSIONS,
  Prediction,
  computeRepairHash,
  parseRepair,
  readRepairFile,
  writeRepairFile,
  serializeRepair,
  type UnsignedRepair,
} from './repair-file.js';
export { canonicalJson } from './canonical-json.js';
export { resolveIdentity } from './identity.js';
export { parseDuration } from './duration.js';
export { parseOperation, GUARDED_KINDS, type RepairOperation } from './operations.js';
export { planEffect, checkPromise, compareEffects, comparePrediction, findingGone, type PlanEffect } from './promise.js';
export type { AuditRecord } from './audit.js';
