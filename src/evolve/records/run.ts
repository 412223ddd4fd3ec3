// Owns the records of a run as stored and read back: the run row, programs, evaluations, island
// copies, events and LLM calls, and the summaries views list them by.
import type { EvaluationFailure, ScoredSet, StageResult } from "../../evaluate/types.ts";
import type { CodeFeature } from "../source/analyze.ts";
import type { ProposalUsage } from "./proposal.ts";

/** Lifecycle of a run; a crashed run stays "running" until it is resumed and ends. */
export type RunStatus = "running" | "finished" | "stopped" | "failed";

/** The one row of the `run` table. */
export interface RunRecord {
  readonly specName: string;
  readonly specHash: string;
  /** Resolved engine configuration (JSON-safe; holds env var names, never keys). */
  readonly config: unknown;
  /** How the engine derives randomness: `{ algorithm, seed }` (see docs/evolution.md). */
  readonly rngState: RngState;
  readonly status: RunStatus;
  /** Why the run last stopped, e.g. "iterations", "plateau", "aborted". */
  readonly stopReason?: string;
  /** Highest iteration whose ring migration was done; -1 before the first. */
  readonly lastMigration: number;
  /** ISO 8601. */
  readonly startedAt: string;
  readonly finishedAt?: string;
}

export interface RngState {
  readonly algorithm: string;
  readonly seed: number;
}

export type NewRun = Pick<RunRecord, "specName" | "specHash" | "config" | "rngState">;

type Patchable = "status" | "stopReason" | "lastMigration" | "finishedAt" | "specHash" | "config";
/** Fields to change; `null` clears an optional field. */
export type RunPatch = { readonly [K in Patchable]?: RunRecord[K] | null };

/** A program as proposed; its evaluation may not have finished yet. */
export interface ProgramRecord {
  readonly id: number;
  readonly source: string;
  /** sha256 of the normalized source (see `analyzeSource`). */
  readonly hash: string;
  readonly parentId?: number;
  /** Island the program was born on (copies made by migration are in `IslandCopy`). */
  readonly island: number;
  /** Depth in its lineage: parent's generation + 1; 0 for the initial and injected programs. */
  readonly generation: number;
  readonly iteration: number;
  /** Per-iteration seed handed to the proposer. */
  readonly seed?: number;
  /** e.g. "initial", "human", "offline:constant", "llm:gpt-4o-mini". */
  readonly proposer: string;
  readonly description: string;
  readonly diff?: string;
  /** Code features of the source (see `analyzeSource`), kept so a resume need not re-parse. */
  readonly features: Readonly<Record<CodeFeature, number>>;
  readonly usage?: ProposalUsage;
  readonly createdAt: string;
}

export type NewProgram = Omit<ProgramRecord, "id" | "createdAt">;

/** A finished evaluation, as stored. */
export interface EvaluationRecord {
  readonly programId: number;
  readonly ok: boolean;
  readonly failure?: EvaluationFailure;
  readonly stages: readonly StageResult[];
  /** Train set (selection); present when ok. */
  readonly train?: ScoredSet;
  /** Sum of the stages' own times, ms. */
  readonly evalMs: number;
  /** Wall time of the evaluate call as the engine saw it, ms. */
  readonly wallMs: number;
  readonly createdAt: string;
  /** Holdout, evaluated for new bests and at the end: the stage, with its failure if it failed. */
  readonly holdout?: StageResult;
  readonly holdoutAt?: string;
}

/** A program with its evaluation, when one has finished. */
export interface StoredProgram extends ProgramRecord {
  readonly evaluation?: EvaluationRecord;
}

/**
 * A program copied onto another island by ring migration at `iteration`. (The initial program,
 * iteration 0, lives on every island by rule and has no copies.)
 */
export interface IslandCopy {
  readonly programId: number;
  readonly island: number;
  readonly iteration: number;
}

/**
 * Kinds of events; `steer` rows are commands written by `deno task steer` or the UI; `override`
 * records the limits or settings a resume's command line changed (`{ changes: {name: {from, to}} }`).
 */
export type EventKind =
  | "started"
  | "resumed"
  | "stopped"
  | "new-best"
  | "migration"
  | "reseed"
  | "duplicate-rejected"
  | "proposal-failed"
  | "steer"
  | "pause"
  | "resume"
  | "hint"
  | "inject"
  | "override";

export interface EventRecord {
  readonly id: number;
  /** ISO 8601. */
  readonly time: string;
  readonly kind: EventKind;
  readonly iteration?: number;
  readonly programId?: number;
  readonly payload: unknown;
  /** For `steer` rows: when the engine took the command. */
  readonly processedAt?: string;
}

export type NewEvent = Pick<EventRecord, "kind" | "iteration" | "programId" | "payload">;

/** One LLM request and response, already redacted by the LLM client (keys never reach a store). */
export interface LlmCallRecord {
  readonly id: number;
  readonly iteration?: number;
  readonly programId?: number;
  readonly model: string;
  readonly prompt: string;
  readonly response?: string;
  readonly error?: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  readonly ms: number;
  readonly createdAt: string;
}

export type NewLlmCall = Omit<LlmCallRecord, "id" | "createdAt">;

/** An LLM call's accounting without its prompt and response (for totals over a long run). */
export type LlmUsageRecord = Omit<LlmCallRecord, "prompt" | "response" | "error" | "createdAt"> & {
  /** The call ended in an error. */
  readonly failed: boolean;
};

/** How far one cascade stage got, without its results (for funnels and cascade savings). */
export interface StageOutcome {
  readonly stage: string;
  readonly ok: boolean;
  readonly ms: number;
}

/** The gating stages of one finished evaluation as they ran (holdout is not among them). */
export interface StageOutcomes {
  readonly programId: number;
  readonly stages: readonly StageOutcome[];
}

/** The figures of a finished evaluation that views rank, chart and count by. */
export interface EvaluationSummary {
  readonly ok: boolean;
  /** Failure category when not ok ("unknown" when the stored failure has none). */
  readonly failureCategory?: string;
  /** Present when ok and the score is finite. */
  readonly trainScore?: number;
  readonly holdoutScore?: number;
  readonly wallMs: number;
  readonly createdAt: string;
  readonly holdoutAt?: string;
}

/** A program without its source, diff and per-workload results: what lists and charts need. */
export interface ProgramSummary {
  readonly id: number;
  readonly parentId?: number;
  readonly island: number;
  readonly generation: number;
  readonly iteration: number;
  readonly proposer: string;
  readonly description: string;
  readonly usage?: ProposalUsage;
  readonly createdAt: string;
  readonly evaluation?: EvaluationSummary;
}
