/**
 * `tfdoctor/doctor`: the pure diagnosis, for a reconciler that runs terraform
 * itself. Plan JSON, `-json` diagnostics and pasted text in; findings, proposals,
 * reports and the merge-request comment out. Loads no cdktf, no execa, no AWS SDK (a test holds it), so it
 * imports in a fraction of the root entry's time.
 *
 * Every name here is a contract (test/unit/exports.test.ts holds the list):
 * add with care, never rename.
 */
export { diagnose } from '../doctor/diagnose.js';
export { buildReport, type BuildReportInput, type ReportStateBinding } from '../doctor/build-report.js';
export {
  DEFAULT_LOCK_STALE_AFTER_MS,
  type AccountGate,
  type AmiLookup,
  type AvailableAmi,
  type DeletionApproval,
  type DiagnoseInput,
  type ExistsProbe,
} from '../doctor/types.js';
export { deletionVerdict, type GateVerdict } from '../doctor/deletion-gate.js';
export {
  compareWithBaseline,
  compareFleetWithBaseline,
  findingFingerprint,
  findingsFail,
  FAIL_ON_VALUES,
  type FailOn,
} from '../doctor/baseline.js';
export {
  Report,
  FleetReport,
  Finding,
  Proposal,
  ResolvedFinding,
  BaselineSummary,
  FindingKind,
  ProposalKind,
  Severity,
  FINDING_KINDS,
  PROPOSAL_KINDS,
  STATE_MUTATING_PROPOSAL_KINDS,
  type FindingOf,
  type EvidenceOf,
} from '../doctor/report.js';
// The evidence of each finding kind (types only): narrow a finding by `kind` and its evidence has these types.
export type {
  EvidenceByKind,
  DiagnosticEvidence,
  PlanEntryEvidence,
  ObjectIdentityEvidence,
  AttributeChangeEvidence,
  GateEvidence,
} from '../doctor/evidence.js';
export { reportJsonSchema, REPORT_SCHEMA_ID } from '../doctor/report-schema.js';
export { PlanJson, Diagnostic, UiMessage } from '../tfjson/index.js';
// The merge-request comment, as `tfdoctor plan --markdown` prints it. The renderer
// is pure (report in, text out) and lives with the CLI's other renderers.
export { renderMarkdown, renderFleetMarkdown } from '../../cli/render/markdown.js';
