/** A finding before ids are given (diagnose.ts numbers them in a stable order). */
import type { FindingKind, Severity } from './report.js';
import type { DraftProposal } from './proposals.js';

export interface DraftFinding {
  kind: FindingKind;
  severity: Severity;
  address?: string | undefined;
  summary: string;
  evidence: Record<string, unknown>;
  proposals: DraftProposal[];
}
