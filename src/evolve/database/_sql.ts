// Owns the SQL the two run stores share: the read queries and the write statements with their
// values, written once in the common subset of SQLite and PostgreSQL (`?` placeholders; the
// PostgreSQL connection numbers them), so the stores differ only where the dialects do.
import type { Evaluation, StageResult } from "../../evaluate/types.ts";
import type { EventKind, NewLlmCall, NewProgram, RunPatch } from "../records/mod.ts";
import { type Row, toJson } from "./_rows.ts";
import type { EventQuery } from "./store.ts";

/** Now as stored: ISO 8601 text (UTC). */
export const now = (): string => new Date().toISOString();

/** Finite numbers only: neither store keeps NaN, and a NULL score sorts last. */
export const real = (x: number | undefined): number | null =>
  x !== undefined && Number.isFinite(x) ? x : null;

/** Columns of the `run` row a patch may set. */
export const RUN_COLUMNS: Readonly<Record<keyof RunPatch, string>> = {
  status: "status",
  stopReason: "stop_reason",
  lastMigration: "last_migration",
  finishedAt: "finished_at",
  specHash: "spec_hash",
  config: "config_json",
};

/** The `SET` list and values of a run patch (undefined fields left alone). */
export function runPatchSql(patch: RunPatch): { sets: string; values: unknown[] } | undefined {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [
    keyof RunPatch,
    unknown,
  ][];
  if (entries.length === 0) return undefined;
  return {
    sets: entries.map(([k]) => `${RUN_COLUMNS[k]} = ?`).join(", "),
    values: entries.map(([k, v]) => k === "config" && v !== null ? toJson(v) : v),
  };
}

export const PROGRAM_WITH_EVALUATION =
  `SELECT p.*, e.program_id AS e_program_id, e.ok AS e_ok, e.failure_json AS e_failure_json,
     e.stages_json AS e_stages_json, e.train_json AS e_train_json, e.eval_ms AS e_eval_ms,
     e.wall_ms AS e_wall_ms, e.created_at AS e_created_at, e.holdout_json AS e_holdout_json,
     e.holdout_at AS e_holdout_at
   FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id`;

export const PROGRAM_SUMMARY =
  `SELECT p.id, p.parent_id, p.island, p.generation, p.iteration, p.proposer, p.description,
     p.model, p.input_tokens, p.output_tokens, p.cost_usd, p.created_at,
     e.program_id AS e_program_id, e.ok AS e_ok, e.failure_category AS e_failure_category,
     e.train_score AS e_train_score, e.holdout_score AS e_holdout_score, e.wall_ms AS e_wall_ms,
     e.created_at AS e_created_at, e.holdout_at AS e_holdout_at
   FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id`;

export const LLM_USAGE =
  `SELECT id, iteration, program_id, model, input_tokens, output_tokens, cost_usd, ms,
     error IS NOT NULL AS failed FROM llm_calls ORDER BY id`;

/** The `WHERE` clause and values of an event query. */
export function eventFilter(
  kinds: readonly EventKind[] | undefined,
  query: EventQuery,
): { filter: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (kinds) {
    where.push(`kind IN (${kinds.map(() => "?").join(", ")})`);
    params.push(...kinds);
  }
  if (query.programId !== undefined) {
    where.push("program_id = ?");
    params.push(query.programId);
  }
  if (query.unprocessed) where.push("kind = 'steer' AND processed_at IS NULL");
  return { filter: where.length ? `WHERE ${where.join(" AND ")}` : "", params };
}

export const INSERT_PROGRAM =
  `INSERT INTO programs (source, hash, parent_id, island, generation, iteration, seed, proposer,
     description, diff, features_json, model, input_tokens, output_tokens, cost_usd, created_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Values of INSERT_PROGRAM. */
export function programValues(p: NewProgram, createdAt: string): unknown[] {
  return [
    p.source,
    p.hash,
    p.parentId ?? null,
    p.island,
    p.generation,
    p.iteration,
    p.seed ?? null,
    p.proposer,
    p.description,
    p.diff ?? null,
    toJson(p.features),
    p.usage?.model ?? null,
    p.usage?.inputTokens ?? null,
    p.usage?.outputTokens ?? null,
    real(p.usage?.costUsd),
    createdAt,
  ];
}

export const INSERT_EVALUATION =
  `INSERT INTO evaluations (program_id, ok, failure_category, failure_message, failure_json,
     stages_json, train_metrics_json, train_score, train_json, eval_ms, wall_ms, created_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Values of INSERT_EVALUATION (gating stages only), and the holdout stage to store apart. */
export function evaluationValues(
  programId: number,
  evaluation: Evaluation,
  wallMs: number,
): { values: unknown[]; holdout?: StageResult } {
  const gating = evaluation.stages.filter((s) => s.stage !== "holdout");
  const train = evaluation.ok ? evaluation.train : undefined;
  const failure = evaluation.failure;
  return {
    values: [
      programId,
      evaluation.ok ? 1 : 0,
      failure?.category ?? null,
      failure?.message ?? null,
      failure ? toJson(failure) : null,
      toJson(gating),
      train ? toJson(train.metrics) : null,
      real(train?.score),
      train ? toJson(train) : null,
      gating.reduce((sum, s) => sum + s.ms, 0),
      wallMs,
      now(),
    ],
    holdout: evaluation.stages.find((s) => s.stage === "holdout"),
  };
}

export const UPDATE_HOLDOUT =
  `UPDATE evaluations SET holdout_metrics_json = ?, holdout_score = ?, holdout_json = ?,
     holdout_ms = ?, holdout_at = ? WHERE program_id = ?`;

/** Values of UPDATE_HOLDOUT. */
export function holdoutValues(programId: number, holdout: StageResult): unknown[] {
  return [
    holdout.result ? toJson(holdout.result.metrics) : null,
    real(holdout.result?.score),
    toJson(holdout),
    holdout.ms,
    now(),
    programId,
  ];
}

export const INSERT_EVENT =
  "INSERT INTO events (time, kind, iteration, program_id, payload_json) VALUES (?, ?, ?, ?, ?)";

export const INSERT_LLM_CALL =
  `INSERT INTO llm_calls (iteration, program_id, model, prompt, response, error, input_tokens,
     output_tokens, cost_usd, ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Values of INSERT_LLM_CALL. */
export function llmCallValues(call: NewLlmCall, createdAt: string): unknown[] {
  return [
    call.iteration ?? null,
    call.programId ?? null,
    call.model,
    call.prompt,
    call.response ?? null,
    call.error ?? null,
    call.inputTokens,
    call.outputTokens,
    real(call.costUsd) ?? 0,
    call.ms,
    createdAt,
  ];
}

/** A row of LLM_USAGE as a record (SQLite answers the flag as 0/1, PostgreSQL as a boolean). */
export function rowToLlmUsage(r: Row) {
  return {
    id: Number(r.id),
    iteration: r.iteration === null ? undefined : Number(r.iteration),
    programId: r.program_id === null ? undefined : Number(r.program_id),
    model: String(r.model),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    costUsd: Number(r.cost_usd),
    ms: Number(r.ms),
    failed: r.failed === true || Number(r.failed) === 1,
  };
}
