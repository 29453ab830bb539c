/**
 * The review session (`tfdoctor review`): two people walk a report's findings
 * in severity order and decide, per finding, which proposal to take or why to
 * leave it. The loop is here, the terminal is not: the CLI passes a ReviewIO
 * (prompts, rendering) and a `preview` that rehearses one state edit the way
 * `repair propose` does. So the walk (back, forward, stop, summary) is tested
 * without a terminal, and the terminal test only has to prove the wiring.
 */
import type { Finding, Proposal, Report } from '../doctor/report.js';
import { insteadOf, selectProposals } from '../repair/propose.js';
import type { Repair } from '../repair/repair-file.js';

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 } as const;

/** The findings as the session walks them: errors, then warnings, then info; the report's order within a severity. */
export function reviewOrder(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/** What the pair decided for one finding. */
export type Decision =
  /** A guarded state edit: it goes into the repair file. `preview` is its rehearsal on its own. */
  | { type: 'state-edit'; proposalId: string; preview: Repair }
  /** Any other proposal: done outside the repair file (`note` says how). */
  | { type: 'outside'; proposalId: string; note: string }
  | { type: 'skipped'; reason: string };

/** What the pair picks at one finding. */
export type FindingAction =
  | { type: 'choose'; proposalId: string }
  | { type: 'skip' }
  | { type: 'back' }
  | { type: 'forward' }
  | { type: 'stop' };

/** What the pair picks at the summary. */
export type SummaryAction = 'write' | 'back' | 'quit';

/** Where a finding is in the walk, for headings and for which moves make sense. */
export interface Position {
  index: number;
  count: number;
}

/** The terminal side of the session (cli/commands/review.ts implements it with prompts). */
export interface ReviewIO {
  showFinding(finding: Finding, at: Position, current: Decision | undefined): void;
  chooseAction(finding: Finding, at: Position, current: Decision | undefined): Promise<FindingAction>;
  /** The rehearsed result of one state edit, then: take it? */
  confirmStateEdit(proposal: Proposal, preview: Repair): Promise<boolean>;
  /** A proposal that is not a guarded state edit: what the pair does instead; take it? */
  confirmOutside(proposal: Proposal, note: string): Promise<boolean>;
  /** Why the finding is left alone (never empty). */
  askSkipReason(finding: Finding): Promise<string>;
  /** Something went wrong with one choice (a rehearsal refused, a combination not allowed); the walk goes on. */
  showProblem(message: string): void;
  chooseAtSummary(order: readonly Finding[], decisions: ReadonlyMap<string, Decision>): Promise<SummaryAction>;
}

export interface ReviewSessionOptions {
  report: Report;
  io: ReviewIO;
  /** Rehearses these proposals as `repair propose` does (read-only) and returns the repair it would write. */
  preview(proposalIds: readonly string[]): Promise<Repair>;
}

export interface ReviewOutcome {
  /** `write`: the pair wants the record (and the repair file, if any state edit was chosen); `quit`: nothing is written. */
  outcome: 'write' | 'quit';
  order: Finding[];
  decisions: Map<string, Decision>;
  /** The chosen state edits' proposal ids, in walk order: what the repair file holds. */
  stateEditIds: string[];
}

/** The chosen state edits, in walk order. */
export function stateEditIds(order: readonly Finding[], decisions: ReadonlyMap<string, Decision>): string[] {
  return order.flatMap((f) => {
    const d = decisions.get(f.id);
    return d?.type === 'state-edit' ? [d.proposalId] : [];
  });
}

/** Whether `repair propose` would take this proposal (a state edit tfdoctor can run under guard); else why not. */
export function guardedOrWhy(report: Report, proposalId: string): { guarded: true } | { guarded: false; why: string } {
  try {
    selectProposals(report, [proposalId]);
    return { guarded: true };
  } catch (err) {
    return { guarded: false, why: (err as Error).message };
  }
}

function noteFor(report: Report, p: Proposal): string {
  if (p.mutatesState) {
    const g = guardedOrWhy(report, p.id);
    if (!g.guarded) return g.why;
  }
  return `not a guarded repair: ${insteadOf(p.kind)}`;
}

/** Walks the findings until the pair writes or quits at the summary. */
export async function runReviewSession(opts: ReviewSessionOptions): Promise<ReviewOutcome> {
  const { report, io } = opts;
  const order = reviewOrder(report.findings);
  const decisions = new Map<string, Decision>();
  const previews = new Map<string, Repair>();
  let i = 0;
  for (;;) {
    if (i >= order.length) {
      const action = await io.chooseAtSummary(order, decisions);
      if (action === 'back') {
        i = Math.max(0, order.length - 1);
        if (order.length === 0) return { outcome: 'quit', order, decisions, stateEditIds: [] };
        continue;
      }
      return { outcome: action, order, decisions, stateEditIds: stateEditIds(order, decisions) };
    }
    const finding = order[i] as Finding;
    const at = { index: i, count: order.length };
    io.showFinding(finding, at, decisions.get(finding.id));
    const action = await io.chooseAction(finding, at, decisions.get(finding.id));
    switch (action.type) {
      case 'back':
        i = Math.max(0, i - 1);
        break;
      case 'forward':
        i += 1;
        break;
      case 'stop':
        i = order.length;
        break;
      case 'skip': {
        const reason = (await io.askSkipReason(finding)).trim();
        if (reason) {
          decisions.set(finding.id, { type: 'skipped', reason });
          i += 1;
        }
        break;
      }
      case 'choose': {
        const proposal = finding.proposals.find((p) => p.id === action.proposalId);
        if (!proposal) {
          io.showProblem(`${finding.id} has no proposal ${action.proposalId}`);
          break;
        }
        if (!guardedOrWhy(report, proposal.id).guarded) {
          const note = noteFor(report, proposal);
          if (await io.confirmOutside(proposal, note)) {
            decisions.set(finding.id, { type: 'outside', proposalId: proposal.id, note });
            i += 1;
          }
          break;
        }
        // The other chosen state edits with this one must make one repair (a
        // force-unlock goes alone): checked now, not when writing.
        const others = stateEditIds(order, decisions).filter((id) => !finding.proposals.some((p) => p.id === id));
        try {
          selectProposals(report, [...others, proposal.id]);
        } catch (err) {
          io.showProblem(`${proposal.id} cannot go into one repair with ${others.join(', ')}: ${(err as Error).message}`);
          break;
        }
        let preview = previews.get(proposal.id);
        if (!preview) {
          try {
            preview = await opts.preview([proposal.id]);
          } catch (err) {
            io.showProblem(`${proposal.id} was not rehearsed: ${(err as Error).message}`);
            break;
          }
          previews.set(proposal.id, preview);
        }
        if (await io.confirmStateEdit(proposal, preview)) {
          decisions.set(finding.id, { type: 'state-edit', proposalId: proposal.id, preview });
          i += 1;
        }
        break;
      }
    }
  }
}
