// Public surface of the records every stage of an evolution may import: what a run stores, what a
// proposer is asked and answers, the evaluator's results, and the one ranking rule.
export type * from "./run.ts";
export type * from "./proposal.ts";
export { isProposerExhausted } from "./proposal.ts";
export { byRank, type Ranked, ranksAbove } from "./ranking.ts";
export type {
  Evaluation,
  EvaluationFailure,
  ScoredSet,
  StageResult,
} from "../../evaluate/types.ts";
