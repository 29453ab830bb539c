/**
 * The evidence of each finding kind: what was seen, typed per kind. The report
 * schema (report.ts) joins them into a union discriminated by the finding's
 * `kind`, so a consumer that checks `finding.kind` gets the evidence's type,
 * and schema/report.schema.json carries one evidence schema per kind.
 *
 * Key casing (docs/findings.md, "Evidence"): evidence keys are snake_case, the
 * casing of the Terraform JSON most of the evidence is copied from
 * (`resource_drift`, `action_reason`, `import_id`). Three camelCase keys
 * predate this rule and are kept as they are, because the report contract may
 * be extended but never renamed (shared/spec/contracts.md §3) and the baseline
 * fingerprint hashes the keys: `gate.enableDeletion`, `gate.runEnableDeletion`
 * (named after the inventory field `enableDeletion`) and `lock.createdIso`.
 * New keys are snake_case.
 *
 * Every evidence object is open: keys not listed here are kept when a report
 * is parsed (a later version may add some; the contract only grows), and
 * every key is optional in the schema, since contracts.md never required one
 * (a report with `evidence: {}` stays valid). The doctor's own findings carry
 * the keys the catalog (docs/findings.md) says they do.
 */
import { z } from 'zod';
import { Action } from '../tfjson/index.js';

/** The open object every evidence shape is: listed keys typed, other keys kept. */
const open = z.looseObject;

// ---- pieces shared by several kinds -------------------------------------

/** A terraform diagnostic as evidence (snippet values dropped: they can hold config values). */
export const DiagnosticEvidence = open({
  severity: z.enum(['error', 'warning']),
  summary: z.string(),
  /** The detail text; `''` when the diagnostic had none. */
  detail: z.string(),
  address: z.string().optional(),
  /** Where in the configuration (the line moves when unrelated config moves: not fingerprinted). */
  range: open({ filename: z.string(), line: z.number().int() }).optional(),
  /** The snippet's context line, e.g. `resource "aws_db_parameter_group" "quay-db-pg"`. */
  context: z.string().optional(),
}).meta({ id: 'DiagnosticEvidence' });
export type DiagnosticEvidence = z.infer<typeof DiagnosticEvidence>;

/** What every finding read from a diagnostic carries: the diagnostic, and the id of the pattern (patterns.ts) that matched it. */
const fromDiagnostic = {
  diagnostic: DiagnosticEvidence.optional(),
  /** The id of the DIAGNOSTIC_PATTERNS / RECONCILER_AMI_PATTERNS entry that matched. */
  pattern: z.string().optional(),
};

/** One `resource_changes` / `resource_drift` entry of the plan JSON, without its values (Terraform's own keys). */
export const PlanEntryEvidence = open({
  address: z.string(),
  type: z.string(),
  name: z.string(),
  actions: z.array(Action),
  action_reason: z.string().optional(),
  provider_name: z.string().optional(),
  deposed: z.string().optional(),
  previous_address: z.string().optional(),
}).meta({ id: 'PlanEntryEvidence' });
export type PlanEntryEvidence = z.infer<typeof PlanEntryEvidence>;

/** A few identifying attributes of an object, never sensitive ones. */
export const ObjectIdentityEvidence = open({
  /** What `terraform import` takes for it (import-id.ts), when known. */
  import_id: z.string().optional(),
  id: z.string().optional(),
  arn: z.string().optional(),
  name: z.string().optional(),
  bucket: z.string().optional(),
  identifier: z.string().optional(),
}).meta({ id: 'ObjectIdentityEvidence' });
export type ObjectIdentityEvidence = z.infer<typeof ObjectIdentityEvidence>;

/** One attribute that differs, by dotted path; values under sensitive marks are `(sensitive)`. */
export const AttributeChangeEvidence = open({
  /** Dotted path, e.g. `tags.owner`, `parameter[2].value`. */
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  /** true when the values were withheld. */
  sensitive: z.literal(true).optional(),
  /** Drift only: what the plan sets at this path (`(known after apply)` when unknown). */
  planned: z.unknown().optional(),
}).meta({ id: 'AttributeChangeEvidence' });
export type AttributeChangeEvidence = z.infer<typeof AttributeChangeEvidence>;

/** One `deletionApprovals` entry of the account (inventory keys). */
const ApprovalEvidence = open({ type: z.string(), name: z.string(), expiration: z.string() });

/** Why the deletion gate (deletion-gate.ts) said what it said. */
export const GateVerdictReason = z.enum(['enable-deletion', 'run-enable-deletion', 'always-deletable', 'approval', 'not-enabled', 'approval-expired', 'deletion-protection']);

/** The deletion gate's view of one delete. `enableDeletion`/`runEnableDeletion` are camelCase from before the casing rule (kept: never renamed). */
export const GateEvidence = open({
  account: z.string().optional(),
  /** The account's `enableDeletion` (inventory). */
  enableDeletion: z.boolean().optional(),
  /** The run's `--enable-deletion`. */
  runEnableDeletion: z.boolean().optional(),
  verdict: GateVerdictReason.optional(),
  approval: ApprovalEvidence.optional(),
}).meta({ id: 'GateEvidence' });
export type GateEvidence = z.infer<typeof GateEvidence>;

/** The Lock Info block of `Error acquiring the state lock`, parsed (lock-info.ts). */
const LockInfoEvidence = open({
  id: z.string().optional(),
  path: z.string().optional(),
  operation: z.string().optional(),
  who: z.string().optional(),
  version: z.string().optional(),
  /** As printed (Go's time.Time String()). */
  created: z.string().optional(),
  /** `created` as ISO 8601, when it parsed (camelCase from before the casing rule; kept). */
  createdIso: z.string().optional(),
  info: z.string().optional(),
});

// ---- one shape per finding kind -----------------------------------------

/** `deleted-out-of-band`: the drift entry, the object that is gone, and what the plan would do. */
const DeletedOutOfBandEvidence = open({
  resource_drift: PlanEntryEvidence.optional(),
  object: ObjectIdentityEvidence.optional(),
  planned: PlanEntryEvidence.optional(),
}).meta({ id: 'DeletedOutOfBandEvidence' });

/** `changed-out-of-band`: the drift entry, the plan's entry and the attribute diff. */
const ChangedOutOfBandEvidence = open({
  resource_drift: PlanEntryEvidence.optional(),
  planned: PlanEntryEvidence.optional(),
  attributes: z.array(AttributeChangeEvidence).optional(),
}).meta({ id: 'ChangedOutOfBandEvidence' });

/** `exists-unmanaged`: the probe that found the object, and/or the provider's "already exists" diagnostic. */
const ExistsUnmanagedEvidence = open({
  probe: open({ address: z.string(), type: z.string(), import_id: z.string(), exists: z.boolean() }).optional(),
  ...fromDiagnostic,
  /** The provider's error code, e.g. `DBParameterGroupAlreadyExists`. */
  error_code: z.string().optional(),
  /** The object is in the errored.tfstate a failed apply left (push it back instead of importing). */
  in_errored_state: open({ file: z.string(), serial: z.number().int(), sha256: z.string() }).optional(),
}).meta({ id: 'ExistsUnmanagedEvidence' });

/** `renamed-address`: the delete and the create of the same object, and the gate's view of the delete. */
const RenamedAddressEvidence = open({
  from: PlanEntryEvidence.optional(),
  to: PlanEntryEvidence.optional(),
  import_id: z.string().optional(),
  gate: GateEvidence.optional(),
}).meta({ id: 'RenamedAddressEvidence' });

/** `orphaned-in-state`: the planned delete, the object, and the gate (a sentence when no account was given). */
const OrphanedInStateEvidence = open({
  planned: PlanEntryEvidence.optional(),
  object: ObjectIdentityEvidence.optional(),
  gate: z.union([open({ verdict: GateVerdictReason, approval: ApprovalEvidence.optional() }), z.string()]).optional(),
}).meta({ id: 'OrphanedInStateEvidence' });

/** `deletion-not-enabled`: why the plan deletes (removed from config, replacement by which attribute) and why the gate refuses. */
const DeletionNotEnabledEvidence = open({
  planned: PlanEntryEvidence.optional(),
  reason: z.enum(['removed-from-config', 'replacement', 'delete']).optional(),
  /** The plan's reason, said for a person. */
  because: z.string().optional(),
  /** A replacement: the attributes that force it. */
  replace_attributes: z.array(AttributeChangeEvidence).optional(),
  gate: GateEvidence.optional(),
}).meta({ id: 'DeletionNotEnabledEvidence' });

/** `ami-not-found`: which image was wanted where, and which commits do have one. */
const AmiNotFoundEvidence = open({
  account: z.string().optional(),
  region: z.string().optional(),
  commit: z.string().optional(),
  /** The tag the AMI is looked up by (`tag:<tag_name>`). */
  tag_name: z.string().optional(),
  url: z.string().optional(),
  /** Reconciler message (new generation): the ASG's identifier and image definition. */
  identifier: z.string().optional(),
  image_definition: z.string().optional(),
  /** Other commits that have an AMI there, newest first (not fingerprinted: new images keep arriving). */
  commits_with_ami: z.array(open({ commit: z.string(), image_id: z.string(), created: z.string().optional() })).optional(),
  usual_causes: z.array(z.string()).optional(),
  /** The reconciler's own message, when the finding came from pasted text. */
  reconciler_message: z.string().optional(),
  ...fromDiagnostic,
}).meta({ id: 'AmiNotFoundEvidence' });

/** `state-lock-held`: the parsed Lock Info, its age and whether it is called stale. */
const StateLockHeldEvidence = open({
  ...fromDiagnostic,
  /** null when terraform printed no Lock Info. */
  lock: LockInfoEvidence.nullable().optional(),
  age_seconds: z.number().int().optional(),
  stale: z.boolean().optional(),
  stale_after_seconds: z.number().int().optional(),
  advice: z.string().optional(),
  /** The backend's own error line, when terraform printed one. */
  backend_error: z.string().optional(),
  /** The tfdoctor repair that holds the lock and stopped before it finished (its journal in `.tfdoctor/in-progress/`). */
  repair: open({
    hash: z.string(),
    applier: z.string(),
    proposer: z.string().optional(),
    approvers: z.array(z.string()).optional(),
    backup: z.string(),
    started_at: z.string().optional(),
  }).optional(),
}).meta({ id: 'StateLockHeldEvidence' });

/** `state-checksum-mismatch`: the fields of the S3/DynamoDB digest error. */
const StateChecksumMismatchEvidence = open({
  ...fromDiagnostic,
  bucket: z.string().optional(),
  key: z.string().optional(),
  calculated_checksum: z.string().optional(),
  stored_checksum: z.string().optional(),
  /** The digest terraform suggests storing. */
  digest_to_set: z.string().optional(),
}).meta({ id: 'StateChecksumMismatchEvidence' });

/** `state-write-failed`: the diagnostic. */
const StateWriteFailedEvidence = open({
  ...fromDiagnostic,
  /** The errored.tfstate found in the working dir: its path, lineage, serial and sha256. */
  errored_file: z.string().optional(),
  errored_lineage: z.string().optional(),
  errored_serial: z.number().int().optional(),
  errored_sha256: z.string().optional(),
  /** The state the backend holds now. */
  state_lineage: z.string().optional(),
  state_serial: z.number().int().optional(),
  /** Why the push rule (docs/repair.md) refuses to push it, when it does. */
  push_refused: z.string().optional(),
}).meta({ id: 'StateWriteFailedEvidence' });

/** `provider-inconsistent-result`: the diagnostic, and whether the root object is absent after apply. */
const ProviderInconsistentResultEvidence = open({ ...fromDiagnostic, root_object_absent: z.boolean().optional() }).meta({ id: 'ProviderInconsistentResultEvidence' });

/** `plan-format-unsupported`: the plan's format_version and the one the reconciler reads. */
const PlanFormatUnsupportedEvidence = open({
  format_version: z.string().optional(),
  expected: z.string().optional(),
  account: z.string().optional(),
}).meta({ id: 'PlanFormatUnsupportedEvidence' });

/** `plan-errored`: the plan's errored/complete/applyable flags and its error diagnostics. */
const PlanErroredEvidence = open({
  errored: z.boolean().optional(),
  complete: z.boolean().optional(),
  applyable: z.boolean().optional(),
  diagnostics: z.array(open({ summary: z.string(), detail: z.string().optional() })).optional(),
}).meta({ id: 'PlanErroredEvidence' });

/** `unclassified-error`: the raw diagnostic, and the pattern's hint when a hint-only pattern matched. */
const UnclassifiedErrorEvidence = open({ ...fromDiagnostic, hint: z.string().optional() }).meta({ id: 'UnclassifiedErrorEvidence' });

/** The evidence schema of each finding kind (every kind of FINDING_KINDS, a test holds it); `$defs` name `<Kind>Evidence` in the JSON Schema. */
export const EVIDENCE_SCHEMAS = {
  'deleted-out-of-band': DeletedOutOfBandEvidence,
  'changed-out-of-band': ChangedOutOfBandEvidence,
  'exists-unmanaged': ExistsUnmanagedEvidence,
  'renamed-address': RenamedAddressEvidence,
  'orphaned-in-state': OrphanedInStateEvidence,
  'deletion-not-enabled': DeletionNotEnabledEvidence,
  'ami-not-found': AmiNotFoundEvidence,
  'state-lock-held': StateLockHeldEvidence,
  'state-checksum-mismatch': StateChecksumMismatchEvidence,
  'state-write-failed': StateWriteFailedEvidence,
  'provider-inconsistent-result': ProviderInconsistentResultEvidence,
  'plan-format-unsupported': PlanFormatUnsupportedEvidence,
  'plan-errored': PlanErroredEvidence,
  'unclassified-error': UnclassifiedErrorEvidence,
} as const;

/** The evidence type of each finding kind: `EvidenceByKind['state-lock-held']['lock']`. */
export type EvidenceByKind = { [K in keyof typeof EVIDENCE_SCHEMAS]: z.infer<(typeof EVIDENCE_SCHEMAS)[K]> };
