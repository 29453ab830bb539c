/**
 * The report: tfdoctor's main output (`--json`, the library's return value,
 * the input of `repair propose`). Shape per shared/spec/contracts.md §3.
 * Kinds are stable ids: add more, never rename.
 */
import { z } from 'zod';
import { EVIDENCE_SCHEMAS } from './evidence.js';

/** The finding kinds (contracts §3): stable ids, added to, never renamed. */
export const FINDING_KINDS = [
  'deleted-out-of-band',
  'changed-out-of-band',
  'exists-unmanaged',
  'renamed-address',
  'orphaned-in-state',
  'deletion-not-enabled',
  'ami-not-found',
  'state-lock-held',
  'state-checksum-mismatch',
  'state-write-failed',
  'provider-inconsistent-result',
  'plan-format-unsupported',
  'plan-errored',
  'unclassified-error',
] as const;
/** A finding kind (FINDING_KINDS). */
export const FindingKind = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKind>;

/** The proposal kinds (contracts §3). */
export const PROPOSAL_KINDS = [
  'terraform-state-rm',
  'terraform-state-mv',
  'terraform-import',
  'terraform-force-unlock',
  'terraform-state-push',
  'terraform-apply',
  'terraform-apply-refresh-only',
  'config-import-block',
  'config-removed-block',
  'config-moved-block',
  'inventory-deletion-approval',
  'inventory-pin-image-ref',
] as const;
/** A proposal kind (PROPOSAL_KINDS). */
export const ProposalKind = z.enum(PROPOSAL_KINDS);
export type ProposalKind = z.infer<typeof ProposalKind>;

/** Proposal kinds whose argv writes to the state; only these go through the guarded repair. */
export const STATE_MUTATING_PROPOSAL_KINDS: readonly ProposalKind[] = [
  'terraform-state-rm',
  'terraform-state-mv',
  'terraform-import',
  'terraform-force-unlock',
  'terraform-state-push',
];

/** How bad a finding is: error (do not apply), warning, info. */
export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** One way to repair a finding: a command (argv) or a snippet, whether it writes the state, and why. */
export const Proposal = z.object({
  /** `<finding id>.<letter>`, e.g. `F1.a`; what `repair propose --proposal` takes. */
  id: z.string(),
  kind: ProposalKind,
  /** Exact command, argv[0] is `terraform` (replaced by the configured binary when run). */
  argv: z.array(z.string()).optional(),
  /** Config or inventory text to add instead of a command (import/removed/moved blocks, approvals). */
  snippet: z.string().optional(),
  mutatesState: z.boolean(),
  why: z.string(),
  /** What to check before running it. */
  checkFirst: z.array(z.string()).optional(),
}).meta({ id: 'Proposal' });
export type Proposal = z.infer<typeof Proposal>;

/**
 * One finding of kind K: kind, severity, address, a summary, the evidence of
 * that kind (evidence.ts) and the proposals.
 */
function findingOf<K extends FindingKind>(kind: K) {
  return z.object({
    id: z.string(),
    kind: z.literal(kind),
    severity: Severity,
    /** Terraform address, when the finding is about one resource. */
    address: z.string().optional(),
    summary: z.string(),
    /** What was seen: plan entries, parsed diagnostics, attribute diffs. Never sensitive values. Its shape is the kind's (evidence.ts). */
    evidence: EVIDENCE_SCHEMAS[kind],
    proposals: z.array(Proposal),
    /** Only when compared with a previous report (`--baseline`, src/doctor/baseline.ts): `new` or still `open`. */
    baseline: z.enum(['new', 'open']).optional(),
    /** With `baseline`: the stable fingerprint of kind, address and evidence it was matched by. */
    fingerprint: z.string().optional(),
  });
}

/**
 * One problem tfdoctor found: kind, severity, address, a summary, the evidence
 * and the proposals. A union discriminated by `kind`: checking `finding.kind`
 * narrows `finding.evidence` to that kind's evidence (EvidenceOf).
 */
export const Finding = z.discriminatedUnion('kind', [
  findingOf('deleted-out-of-band'),
  findingOf('changed-out-of-band'),
  findingOf('exists-unmanaged'),
  findingOf('renamed-address'),
  findingOf('orphaned-in-state'),
  findingOf('deletion-not-enabled'),
  findingOf('ami-not-found'),
  findingOf('state-lock-held'),
  findingOf('state-checksum-mismatch'),
  findingOf('state-write-failed'),
  findingOf('provider-inconsistent-result'),
  findingOf('plan-format-unsupported'),
  findingOf('plan-errored'),
  findingOf('unclassified-error'),
]).meta({ id: 'Finding' });
export type Finding = z.infer<typeof Finding>;

/** The finding of one kind: `FindingOf<'state-lock-held'>`. */
export type FindingOf<K extends FindingKind> = Extract<Finding, { kind: K }>;

/** The evidence of one finding kind: `EvidenceOf<'state-lock-held'>['lock']`. */
export type EvidenceOf<K extends FindingKind> = FindingOf<K>['evidence'];

/** A finding of the previous report that this run no longer sees (`--baseline`). */
export const ResolvedFinding = z.object({
  /** Its id in the previous report. */
  id: z.string(),
  kind: FindingKind,
  severity: Severity,
  address: z.string().optional(),
  summary: z.string(),
  fingerprint: z.string(),
});
export type ResolvedFinding = z.infer<typeof ResolvedFinding>;

/** What changed since the previous report (`--baseline PREVIOUS.json`). */
export const BaselineSummary = z.object({
  /** The previous report's `generatedAt`, when it had one. */
  previousGeneratedAt: z.string().optional(),
  new: z.number().int(),
  open: z.number().int(),
  resolved: z.array(ResolvedFinding),
});
export type BaselineSummary = z.infer<typeof BaselineSummary>;

/** The report (contracts §3): `--json` output, planAccount's return value, input of `repair propose`. */
export const Report = z.object({
  tool: z.literal('tfdoctor'),
  version: z.string(),
  schemaVersion: z.literal(1),
  target: z.object({
    account: z.string().optional(),
    dir: z.string().optional(),
  }),
  terraform: z.object({ version: z.string().optional() }),
  state: z
    .object({
      lineage: z.string().optional(),
      serial: z.number().int().optional(),
      /** sha256 of the prior state (raw v4 JSON) the plan was made against. */
      sha256: z.string().optional(),
    })
    .optional(),
  /** How the plan was made: `refresh-only` reports drift only (no gate findings). */
  plan: z.object({ mode: z.enum(['normal', 'refresh-only', 'destroy']) }).optional(),
  generatedAt: z.string().optional(),
  findings: z.array(Finding),
  /** Only with `--baseline`: new / still open / resolved since the previous report. */
  baseline: BaselineSummary.optional(),
});
export type Report = z.infer<typeof Report>;

/** A fleet run: one report per account plus the accounts tfdoctor could not diagnose. */
export const FleetReport = z.object({
  tool: z.literal('tfdoctor'),
  version: z.string(),
  schemaVersion: z.literal(1),
  reports: z.array(Report),
  failures: z.array(z.object({ account: z.string(), error: z.string() })),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).optional(),
});
export type FleetReport = z.infer<typeof FleetReport>;
