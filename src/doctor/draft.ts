/** A finding before ids are given (diagnose.ts numbers them in a stable order). */
import type { EvidenceByKind } from './evidence.js';
import type { FindingKind, Severity } from './report.js';
import type { DraftProposal } from './proposals.js';

/** A draft of kind K: its evidence has that kind's type (evidence.ts). */
export interface DraftFindingOf<K extends FindingKind> {
  kind: K;
  severity: Severity;
  address?: string | undefined;
  summary: string;
  evidence: EvidenceByKind[K];
  proposals: DraftProposal[];
}

/** A draft of any kind, discriminated by `kind`. */
export type DraftFinding = { [K in FindingKind]: DraftFindingOf<K> }[FindingKind];
