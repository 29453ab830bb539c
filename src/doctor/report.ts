/**
 * The report: tfdoctor's main output (`--json`, the library's return value,
 * the input of `repair propose`). Shape per shared/spec/contracts.md §3.
 * Kinds are stable ids: add more, never rename.
 */
import { z } from 'zod';

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
export const FindingKind = z.enum(FINDING_KINDS);
export type FindingKind = z.infer<typeof FindingKind>;

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

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

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
});
export type Proposal = z.infer<typeof Proposal>;

export const Finding = z.object({
  id: z.string(),
  kind: FindingKind,
  severity: Severity,
  /** Terraform address, when the finding is about one resource. */
  address: z.string().optional(),
  summary: z.string(),
  /** What was seen: plan entries, parsed diagnostics, attribute diffs. Never sensitive values. */
  evidence: z.record(z.string(), z.unknown()),
  proposals: z.array(Proposal),
});
export type Finding = z.infer<typeof Finding>;

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
