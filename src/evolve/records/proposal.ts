// Owns the proposer contract: how the engine asks for a new candidate program, from the offline
// AST mutator or an LLM, and what it gets back.
import type { Evaluation, EvaluationFailure } from "../../evaluate/types.ts";

/** A stored program as a proposer sees it. */
export interface ProgramRef {
  readonly id: string;
  readonly source: string;
  readonly score?: number;
  readonly metrics?: Readonly<Record<string, number>>;
}

export interface ProposalRequest {
  readonly parent: ProgramRef;
  readonly inspirations: readonly ProgramRef[];
  readonly iteration: number;
  /** Deterministic per-iteration seed; the same seed must give the same proposal. */
  readonly seed: number;
  /** Recent failure feedback of this lineage (category + message), for proposers that can use it. */
  readonly feedback: readonly string[];
  /** Structured recent failures of this lineage (shrunk counterexample, rule, category), newest first. */
  readonly failures?: readonly EvaluationFailure[];
  /** The parent's own evaluation, for per-stage feedback (holdout is never shown to a proposer). */
  readonly parentEvaluation?: Evaluation;
  /** Hints a human gave the running evolution (`steer hint`), oldest first. */
  readonly hints?: readonly string[];
  /** Aborted on Ctrl-C; a proposer may give up early (its result is then still recorded). */
  readonly signal?: AbortSignal;
  /** Dollars left before the run's budget is spent; absent when the run has no budget. */
  readonly budgetLeftUsd?: number;
}

/** Token and dollar accounting of one LLM call. */
export interface ProposalUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly model: string;
}

export interface Proposal {
  /** Full new program source. */
  readonly source: string;
  /** What changed, e.g. "perturb constant 0.5 -> 0.61 at line 40". */
  readonly description: string;
  /** SEARCH/REPLACE or unified diff text, when the proposer has one. */
  readonly diff?: string;
  /** e.g. "offline:constant" or "llm:gpt-4o-mini". */
  readonly proposer: string;
  readonly usage?: ProposalUsage;
}

export type ProposalResult =
  | { readonly ok: true; readonly proposal: Proposal }
  | {
    readonly ok: false;
    readonly reason: string;
    readonly proposer: string;
    readonly usage?: ProposalUsage;
  };

/** What became of a proposal once the engine evaluated it; adaptive proposers learn from it. */
export interface ProposalOutcome {
  readonly proposal: Proposal;
  readonly parentScore?: number;
  /** Train score of the child; absent when the child failed a gating stage. */
  readonly childScore?: number;
}

/** Anything that turns a parent and inspirations into a new candidate. */
export interface Proposer {
  readonly name: string;
  propose(request: ProposalRequest): Promise<ProposalResult>;
  /** Told the outcome of each successful proposal (e.g. the LLM bandit's reward). */
  observe?(outcome: ProposalOutcome): void;
  close?(): Promise<void>;
}

/**
 * A proposer throws an error carrying `proposerExhausted: true` when it can make no more
 * proposals (its dollar or token budget is spent). The engine then stops starting iterations and
 * ends the run with reason "budget" instead of "failed".
 */
export function isProposerExhausted(error: unknown): boolean {
  return typeof error === "object" && error !== null &&
    (error as { proposerExhausted?: unknown }).proposerExhausted === true;
}
