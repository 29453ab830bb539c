/**
 * EVERY text pattern the doctor matches, in one table (STYLE.md example 3).
 * Stable signals (plan JSON, diagnostics' structure) come first; these
 * patterns are for what only exists as text: Terraform's error summaries and
 * details, provider/AWS error codes, the reconciler's own messages.
 *
 * Each entry names the version it was seen on and what pins it:
 * - `fixture`: a file under fixtures/captured/ written by scripts/capture-fixtures.ts
 *   from a real run (terraform 1.11.4, AWS provider 5.100.0, moto 5.2.1); the
 *   golden tests assert the pattern matches that file.
 * - `documented`: texts that cannot be produced against the emulator (failed
 *   state write, inconsistent apply result) or come from the
 *   reconciler; quoted from shared/reference/drift-peers.md and
 *   terraform-resources.md and exercised by unit tests only, never presented
 *   as captured.
 * Anything that matches nothing becomes `unclassified-error`, raw.
 */
import type { FindingKind } from './report.js';

export interface TextPattern {
  id: string;
  kind: FindingKind;
  /** Matched against a diagnostic's `summary + "\n" + detail` (or one error block of pasted text). */
  match: RegExp;
  /** Terraform / provider / reconciler version the text was seen on. */
  seenOn: string;
  /** Captured fixture pinning it (path under fixtures/captured/), when one exists. */
  fixture?: string;
  /** Where the text is documented, when it could not be captured. */
  documented?: string;
  /** For texts that map to no finding kind of their own: what it usually means and the usual repair. */
  hint?: string;
}

const TF = 'terraform 1.11.4';
const TF_AWS = 'terraform 1.11.4 + hashicorp/aws 5.100.0';

export const DIAGNOSTIC_PATTERNS: readonly TextPattern[] = [
  {
    id: 'lock-held',
    kind: 'state-lock-held',
    match: /Error acquiring the state lock/i,
    seenOn: TF,
    fixture: 'lock-held/diagnostics.json',
  },
  {
    id: 's3-checksum',
    kind: 'state-checksum-mismatch',
    match: /state data in S3 does not have the expected content|checksum calculated for the state stored in S3 does not match the checksum stored in DynamoDB/i,
    // terraform 1.11 puts the whole text in the diagnostic's summary ("error loading state: state data in S3 ..."), detail empty.
    seenOn: TF,
    fixture: 'checksum-mismatch/diagnostics.json',
  },
  {
    id: 'persist-state',
    kind: 'state-write-failed',
    match: /Failed to (?:persist|save) state|errored\.tfstate/i,
    seenOn: TF,
    documented: 'shared/reference/drift-peers.md (apply succeeded, state write failed)',
  },
  {
    id: 'inconsistent-result',
    kind: 'provider-inconsistent-result',
    match: /Provider produced inconsistent result after apply|Root object was present, but now absent/i,
    seenOn: TF,
    documented: 'shared/reference/drift-peers.md',
  },
  {
    id: 'ami-no-results',
    kind: 'ami-not-found',
    match: /Your query returned no results\. Please change your search criteria and try again|InvalidAMIID\.(?:NotFound|Malformed)/i,
    seenOn: TF_AWS,
    fixture: 'ami-not-found/diagnostics.json',
  },
  {
    id: 'already-exists',
    kind: 'exists-unmanaged',
    match: /EntityAlreadyExists|ResourceAlreadyExistsException|BucketAlreadyOwnedByYou|BucketAlreadyExists|DBParameterGroupAlreadyExists|DBInstanceAlreadyExists|CacheParameterGroupAlreadyExists|ReplicationGroupAlreadyExists|RepositoryAlreadyExistsException|InvalidPermission\.Duplicate|TableAlreadyExistsException|\balready exists\b/,
    seenOn: TF_AWS,
    fixture: 'exists-unmanaged/apply-diagnostics.json',
  },
  // Texts that mean state and reality disagree but have no kind of their own:
  // kept as unclassified-error with the usual repair as a hint.
  {
    id: 'already-managed',
    kind: 'unclassified-error',
    match: /Resource already managed by Terraform/i,
    seenOn: TF,
    documented: 'shared/reference/drift-peers.md',
    hint: 'the import target address is already in state: confirm it is the same object, `terraform state rm` it, then import',
  },
  {
    id: 'import-non-existent',
    kind: 'unclassified-error',
    match: /Cannot import non-existent remote object/i,
    seenOn: TF,
    documented: 'shared/reference/drift-peers.md',
    hint: 'wrong import id or region: fix the id, or let Terraform create the object',
  },
  {
    id: 'stale-plan',
    kind: 'unclassified-error',
    match: /Saved plan is stale/i,
    seenOn: TF,
    documented: 'shared/reference/drift-peers.md',
    hint: 'the state changed since the plan was made: plan again',
  },
  {
    id: 'push-conflict',
    kind: 'unclassified-error',
    match: /cannot import state with (?:serial \d+ over newer state|lineage .* over unrelated state)/i,
    seenOn: TF,
    documented: 'shared/reference/drift-peers.md',
    hint: 'state push conflict: pull the state again and redo the change',
  },
  {
    id: 'not-found',
    kind: 'unclassified-error',
    match: /DBParameterGroupNotFound|NoSuchEntity|NoSuchBucket|ResourceNotFoundException/,
    seenOn: TF_AWS,
    documented: 'shared/reference/drift-peers.md',
    hint: 'an object the configuration refers to is gone: recreate it, fix the reference, or `terraform state rm` it if that is intended',
  },
];

/** The reconciler's (qontract-reconcile terraform-resources) AMI messages, matched line by line in pasted text. */
export const RECONCILER_AMI_PATTERNS: readonly (Omit<TextPattern, 'kind'> & { kind: 'ami-not-found'; generation: 'new' | 'old' })[] = [
  {
    id: 'reconciler-ami-new',
    kind: 'ami-not-found',
    generation: 'new',
    // [<identifier>] could not find ami specified in image section in account <account>, image definition <image>
    match: /\[([^\]\n]+)\] could not find ami specified in image section in account ([^\s,]+), image definition (.+)$/m,
    seenOn: 'qontract-reconcile (current terraform-resources)',
    documented: 'shared/reference/terraform-resources.md',
  },
  {
    id: 'reconciler-ami-old',
    kind: 'ami-not-found',
    generation: 'old',
    // could not find ami for commit <sha> in account <account>
    match: /could not find ami for commit ([0-9a-fA-F]{7,64}) in account ([^\s,]+)/,
    seenOn: 'qontract-reconcile (older releases)',
    documented: 'shared/reference/terraform-resources.md',
  },
];

/**
 * Diagnostic summaries (terraform 1.11.4) that mean the working dir must be
 * (re-)initialized before a plan can run. Matched on `summary` only: these are
 * the titles terraform prints for its own init checks, stable across 1.x.
 */
export const INIT_REQUIRED_SUMMARIES: readonly RegExp[] = [
  /^Backend initialization required/i,
  /^Backend configuration changed/i,
  /^Inconsistent dependency lock file/i,
  /^Module not installed/i,
  /^Module source has changed/i,
  /^Module version requirements have changed/i,
  /^Required plugins are not installed/i,
  /^Missing required provider/i,
  /^Provider requirements cannot be satisfied by locked dependencies/i,
  /^Failed to load plugin schemas/i,
];

/** The first pattern matching a diagnostic's text, or undefined (-> unclassified-error). */
export function matchDiagnosticPattern(text: string): TextPattern | undefined {
  return DIAGNOSTIC_PATTERNS.find((p) => p.match.test(text));
}

/**
 * Text the doctor pulls values out of, once a kind is known. Same rules as
 * above: version seen on, and the captured fixture or documentation pinning it.
 */
export interface Extractor {
  re: RegExp;
  what: string;
  seenOn: string;
  fixture?: string;
  documented?: string;
}

export const EXTRACT = {
  consoleLockHeld: {
    // The local backend's LocalRun (which every backend's console goes through) logs this
    // right after the state lock was taken, before it reads the state; on a lock
    // failure it returns before. Read from TF_LOG_CORE=TRACE by src/state/terraform/hold-lock.ts.
    re: /\[TRACE\] backend\/local: reading remote state for workspace/,
    what: 'the core trace line that follows a taken state lock (terraform console holding the repair lock)', seenOn: TF,
    documented: 'terraform 1.11.4 internal/backend/local/backend_local.go, seen in TF_LOG_CORE=TRACE of console on local and s3 (use_lockfile + dynamodb_table) backends; exercised by test/acceptance/repair.test.ts',
  },
  backendLockAttempt: {
    // The s3 backend logs the ID of the lock it is about to write before the conditional
    // write, at INFO level. When the write's answer is lost and the SDK retries, the retry
    // fails on the write's own record: the Lock Info of the error then has this ID.
    re: /backend-s3: Attempting to lock remote state[^\n]*?tf_backend\.lock\.id=([0-9a-f-]{36})/g,
    what: "the ID of the lock terraform's s3 backend is about to write (core log, [INFO])", seenOn: TF,
    documented: 'terraform 1.11.4 TF_LOG_CORE=TRACE of console and TF_LOG_CORE=INFO of plan on an s3 backend (use_lockfile + dynamodb_table), seen 2026-12-03; read by src/state/terraform/hold-lock.ts (console) and exec.ts (plan, apply)',
  },
  lockInfoStart: { re: /Lock Info:/, what: 'start of the Lock Info block', seenOn: TF, fixture: 'lock-held/diagnostics.json' },
  lockInfoField: {
    re: /^[\s│]*(ID|Path|Operation|Who|Version|Created|Info):[ \t]*(.*?)\s*$/,
    what: 'one `Key: value` line of the Lock Info block', seenOn: TF, fixture: 'lock-held/diagnostics.json',
  },
  backendLockError: {
    re: /(ConditionalCheckFailedException|PreconditionFailed)[^\n]*/,
    what: 'the backend error under a lock failure (DynamoDB; S3 use_lockfile)', seenOn: TF, fixture: 'lock-held/diagnostics.json',
  },
  checksumField: {
    re: /^\s*(Bucket|Key|Calculated checksum|Stored checksum):\s*(\S+)\s*$/gim,
    what: 'bucket, key and both checksums of the S3 digest error', seenOn: TF, fixture: 'checksum-mismatch/diagnostics.json',
  },
  checksumDigestToSet: {
    re: /following value:\s*([0-9a-f]{32,64})/i,
    what: 'the digest Terraform suggests storing', seenOn: TF, fixture: 'checksum-mismatch/diagnostics.json',
  },
  inconsistentAddress: {
    re: /When applying changes to ([^\s,]+), provider/,
    what: 'the resource of an inconsistent-result error', seenOn: TF, documented: 'shared/reference/drift-peers.md',
  },
  rootObjectAbsent: {
    re: /Root object was present, but now absent/i,
    what: 'the object may exist but is not in state', seenOn: TF, documented: 'shared/reference/drift-peers.md',
  },
  providerObjectId: {
    // AWS provider 5.x: `creating RDS DB Parameter Group (quay-db-pg): operation error ...`
    re: /^[a-z][^(]*\(([^()\s]+)\)/i,
    what: 'the object id the provider names in its error summary', seenOn: TF_AWS, fixture: 'exists-unmanaged/apply-diagnostics.json',
  },
  alreadyExistsCode: {
    re: /\b([A-Za-z.]+(?:AlreadyExists|AlreadyOwnedByYou|\.Duplicate)[A-Za-z]*)\b/,
    what: 'the AWS error code of an "already exists" error', seenOn: TF_AWS, fixture: 'exists-unmanaged/apply-diagnostics.json',
  },
  commitSha: { re: /\b[0-9a-f]{40}\b/i, what: 'a git commit in the reconciler\'s image definition', seenOn: 'qontract-reconcile', documented: 'shared/reference/terraform-resources.md' },
  humanWithAddress: {
    re: /(?:^|\n)\s*with ([^,\s]+),/,
    what: 'the `with <address>,` line of human-readable diagnostics', seenOn: TF, documented: 'terraform 1.11 human output (pasted logs)',
  },
  snippetHclBlock: {
    re: /\b(resource|data) "([A-Za-z0-9_]+)" "([A-Za-z0-9_-]+)"/,
    what: 'the block header in a diagnostic snippet of a .tf file (`data "aws_ami" "x" {`)', seenOn: TF, documented: 'terraform 1.11 diagnostics over .tf configs (pasted logs, `--dir`)',
  },
  snippetJsonContext: {
    re: /\b(resource|data)\.([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_-]+))?/,
    what: 'the snippet context of a .tf.json diagnostic (`data.aws_ami.name`)', seenOn: TF, fixture: 'ami-not-found/diagnostics.json',
  },
  snippetJsonKey: {
    re: /^\s*"([A-Za-z0-9_-]+)"\s*:\s*\{/,
    what: 'the block key a .tf.json snippet\'s code line opens (`"name": {`)', seenOn: TF, documented: 'terraform 1.11 diagnostics over .tf.json configs',
  },
  resourceTypeOfAddress: {
    re: /(?:^|\.)((?:aws|random)_[a-z0-9_]+)\.[^.]+$/,
    what: 'the resource type of an address (its index removed) named in an error', seenOn: TF_AWS, documented: 'terraform resource addresses',
  },
  probeMissingSummary: {
    re: /^Cannot import non-existent remote object/i,
    what: 'the summary of an import (probe) whose object does not exist', seenOn: TF_AWS, fixture: 'exists-unmanaged/probe-plan-diagnostics.json',
  },
  probeImportTarget: {
    // The address is Go-quoted (%q): instance keys arrive as `u[\"k\"]`.
    re: /import an existing object to "((?:[^"\\]|\\.)+)"/,
    what: 'the import target address in that diagnostic\'s detail', seenOn: TF_AWS, fixture: 'exists-unmanaged/probe-plan-diagnostics.json',
  },
  amiNoResults: {
    re: /Your query returned no results/i,
    what: 'a `data "aws_ami"` lookup with no match (summary or detail)', seenOn: TF_AWS, fixture: 'ami-not-found/diagnostics.json',
  },
  initProviderInstall: {
    re: /Failed to (query available provider packages|install provider)|Failed to resolve provider|could not connect to registry/i,
    what: '`terraform init` could not install the providers', seenOn: TF, documented: 'terraform 1.11.4 init output with no network and no mirror (seen, not captured)',
  },
  initBackend: {
    re: /Error (configuring|loading) the backend|Failed to get existing workspaces|error configuring S3 Backend|Error refreshing state|Error: Initializing the backend/i,
    what: '`terraform init` could not reach the state backend', seenOn: TF, documented: 'terraform 1.11 init output (backend unreachable)',
  },
  initNetwork: {
    re: /failed to (get shared config|retrieve credentials)|connection refused|no such host|dial tcp/i,
    what: 'the AWS SDK inside terraform could not reach AWS (credentials, network)', seenOn: TF_AWS, documented: 'terraform 1.11 init output (backend unreachable)',
  },
  backendChanged: {
    re: /^Backend configuration changed/i,
    what: 'a diagnostic summary that needs `init -reconfigure`', seenOn: TF, documented: 'terraform 1.11.4 init checks (INIT_REQUIRED_SUMMARIES)',
  },
  humanErrorHead: { re: /^\s*(Error|Warning): (.*)$/, what: 'start of a human-readable diagnostic', seenOn: TF, documented: 'terraform 1.11 human output' },
  humanFrameLine: { re: /^\s*│ ?/, what: 'the box frame of a human-readable diagnostic', seenOn: TF, documented: 'terraform 1.11 human output' },
  humanFrameEnd: { re: /^\s*╵\s*$/, what: 'the end of a framed diagnostic', seenOn: TF, documented: 'terraform 1.11 human output' },
} as const satisfies Record<string, Extractor>;
