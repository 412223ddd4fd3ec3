// Owns the mapping between SQLite rows and the Store's records (JSON columns, NULL -> absent).
import type { EvaluationFailure, ScoredSet, StageResult } from "../../evaluate/types.ts";
import type {
  EvaluationRecord,
  EvaluationSummary,
  EventKind,
  EventRecord,
  LlmCallRecord,
  ProgramRecord,
  ProgramSummary,
  RunRecord,
  RunStatus,
  StageOutcomes,
} from "../records/mod.ts";

export type Row = Record<string, unknown>;

/** JSON text of a value; bigints become strings so a counterexample never breaks a commit. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => typeof v === "bigint" ? v.toString() : v) ?? "null";
}

function json<T>(text: unknown): T | undefined {
  return typeof text === "string" ? JSON.parse(text) as T : undefined;
}

function opt<T>(value: unknown, map: (v: unknown) => T): T | undefined {
  return value === null || value === undefined ? undefined : map(value);
}

/** The `run` row as a record. */
export function rowToRun(r: Row): RunRecord {
  return {
    specName: String(r.spec_name),
    specHash: String(r.spec_hash),
    config: json(r.config_json),
    rngState: json(r.rng_state_json)!,
    status: r.status as RunStatus,
    stopReason: opt(r.stop_reason, String),
    lastMigration: Number(r.last_migration),
    startedAt: String(r.started_at),
    finishedAt: opt(r.finished_at, String),
  };
}

/** A `programs` row as a record. */
export function rowToProgram(r: Row): ProgramRecord {
  return {
    id: Number(r.id),
    source: String(r.source),
    hash: String(r.hash),
    parentId: opt(r.parent_id, Number),
    island: Number(r.island),
    generation: Number(r.generation),
    iteration: Number(r.iteration),
    seed: opt(r.seed, Number),
    proposer: String(r.proposer),
    description: String(r.description),
    diff: opt(r.diff, String),
    features: json(r.features_json)!,
    usage: usage(r),
    createdAt: String(r.created_at),
  };
}

function usage(r: Row): ProgramRecord["usage"] {
  return r.model === null || r.model === undefined ? undefined : {
    model: String(r.model),
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
    costUsd: Number(r.cost_usd ?? 0),
  };
}

/** A row of the program-summary query (evaluation columns prefixed `e_`) as a summary. */
export function rowToSummary(r: Row): ProgramSummary {
  return {
    id: Number(r.id),
    parentId: opt(r.parent_id, Number),
    island: Number(r.island),
    generation: Number(r.generation),
    iteration: Number(r.iteration),
    proposer: String(r.proposer),
    description: String(r.description),
    usage: usage(r),
    createdAt: String(r.created_at),
    evaluation: r.e_program_id === null || r.e_program_id === undefined
      ? undefined
      : evaluationSummary(r),
  };
}

function evaluationSummary(r: Row): EvaluationSummary {
  const ok = Number(r.e_ok) === 1;
  return {
    ok,
    failureCategory: ok ? undefined : String(r.e_failure_category ?? "unknown"),
    trainScore: ok ? opt(r.e_train_score, Number) : undefined,
    holdoutScore: opt(r.e_holdout_score, Number),
    wallMs: Number(r.e_wall_ms),
    createdAt: String(r.e_created_at),
    holdoutAt: opt(r.e_holdout_at, String),
  };
}

/** The evaluation columns of a `programs LEFT JOIN evaluations` row (prefixed `e_`). */
export function rowToEvaluation(r: Row): EvaluationRecord | undefined {
  if (r.e_program_id === null || r.e_program_id === undefined) return undefined;
  return {
    programId: Number(r.e_program_id),
    ok: Number(r.e_ok) === 1,
    failure: json<EvaluationFailure>(r.e_failure_json),
    stages: json<StageResult[]>(r.e_stages_json) ?? [],
    train: json<ScoredSet>(r.e_train_json),
    evalMs: Number(r.e_eval_ms),
    wallMs: Number(r.e_wall_ms),
    createdAt: String(r.e_created_at),
    holdout: json<StageResult>(r.e_holdout_json),
    holdoutAt: opt(r.e_holdout_at, String),
  };
}

/** A row of the stage-outcome query (stages as `[stage, ok, ms]` triples) as a record. */
export function rowToStageOutcomes(r: Row): StageOutcomes {
  const stages = json<[unknown, unknown, unknown][]>(r.stages) ?? [];
  return {
    programId: Number(r.program_id),
    stages: stages.map(([stage, ok, ms]) => ({
      stage: String(stage),
      ok: ok === true || ok === 1,
      ms: Number(ms ?? 0),
    })),
  };
}

/** An `events` row as a record. */
export function rowToEvent(r: Row): EventRecord {
  return {
    id: Number(r.id),
    time: String(r.time),
    kind: r.kind as EventKind,
    iteration: opt(r.iteration, Number),
    programId: opt(r.program_id, Number),
    payload: json(r.payload_json) ?? null,
    processedAt: opt(r.processed_at, String),
  };
}

/** An `llm_calls` row as a record. */
export function rowToLlmCall(r: Row): LlmCallRecord {
  return {
    id: Number(r.id),
    iteration: opt(r.iteration, Number),
    programId: opt(r.program_id, Number),
    model: String(r.model),
    prompt: String(r.prompt),
    response: opt(r.response, String),
    error: opt(r.error, String),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    costUsd: Number(r.cost_usd),
    ms: Number(r.ms),
    createdAt: String(r.created_at),
  };
}
