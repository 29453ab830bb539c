/**
 * Pair-review sessions (`tfdoctor review`): the walk through a report's
 * findings and the record of what was decided. The prompts live in cli/.
 */
export {
  reviewOrder,
  runReviewSession,
  stateEditIds,
  guardedOrWhy,
  type Decision,
  type FindingAction,
  type SummaryAction,
  type Position,
  type ReviewIO,
  type ReviewSessionOptions,
  type ReviewOutcome,
} from './session.js';
export { renderReviewRecord, nextCommands, decisionLine, type ReviewRecordInput } from './record.js';
