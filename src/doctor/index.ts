/** The doctor: pure classification of plan JSON, diagnostics and text into findings and proposals. */
export { diagnose } from './diagnose.js';
export { buildReport, countBySeverity, type BuildReportInput, type ReportStateBinding } from './build-report.js';
export { importIdFor, IMPORT_ID_TYPES } from './import-id.js';
export { deletionAllowed, deletionVerdict, approvalValid, ALWAYS_DELETABLE_TYPES, type GateVerdict } from './deletion-gate.js';
export { parseLockInfo, parseGoTime, type LockInfo } from './lock-info.js';
export { diagnosticsFromText } from './text-input.js';
export { DIAGNOSTIC_PATTERNS, RECONCILER_AMI_PATTERNS, matchDiagnosticPattern, type TextPattern } from './patterns.js';
export { attributeDiff, redact, MASK, type AttributeChange } from './sensitive.js';
export { isSafeAddress } from './safe.js';
export {
  DEFAULT_LOCK_STALE_AFTER_MS,
  type AccountGate, type AmiLookup, type AvailableAmi, type DeletionApproval, type DiagnoseInput, type ExistsProbe,
} from './types.js';
export { reportJsonSchema, reportJsonSchemaText, REPORT_SCHEMA_ID } from './report-schema.js';
export {
  EVIDENCE_SCHEMAS,
  type AttributeChangeEvidence, type DiagnosticEvidence, type EvidenceByKind, type GateEvidence, type ObjectIdentityEvidence, type PlanEntryEvidence,
} from './evidence.js';
export type { EvidenceOf, FindingOf } from './report.js';
export { erroredPushRefusal, MAX_ERRORED_SERIAL_GAP, type StateIdentity } from './errored-state.js';
