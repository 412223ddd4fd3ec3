// Owns one program's full record for the program and compare pages: source, parent source,
// evaluation (stages, metrics per workload, failures), children, LLM calls and related events.
import type { EvaluationFailure, ScoredSet, StageResult } from "../../evaluate/types.ts";
import { json, num, type ReadonlyRunDb, type Row, str } from "./_db.ts";

export interface ProgramDetail {
  readonly id: number;
  readonly source: string;
  readonly parentId?: number;
  readonly parentSource?: string;
  readonly island: number;
  readonly generation: number;
  readonly iteration: number;
  readonly seed?: number;
  readonly proposer: string;
  readonly description: string;
  readonly createdAt: string;
  readonly usage?: {
    readonly model: string;
    readonly inputTokens: number;
    readonly outputTokens: number;
    readonly costUsd: number;
  };
  readonly evaluation?: ProgramEvaluation;
  readonly children: readonly {
    readonly id: number;
    readonly ok?: boolean;
    readonly train?: number;
    readonly proposer: string;
  }[];
  /** Islands this program was copied to by migration. */
  readonly copies: readonly { readonly island: number; readonly iteration: number }[];
  /** The LLM calls of its iteration (the proposer logs them before the program has an id). */
  readonly llmCalls: readonly LlmCallView[];
  readonly events: readonly {
    readonly time: string;
    readonly kind: string;
    readonly payload: unknown;
  }[];
}

export interface ProgramEvaluation {
  readonly ok: boolean;
  readonly failure?: EvaluationFailure;
  readonly stages: readonly StageResult[];
  readonly train?: ScoredSet;
  readonly holdout?: StageResult;
  readonly evalMs: number;
  readonly wallMs: number;
  readonly createdAt: string;
}

export interface LlmCallView {
  readonly id: number;
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

/** Reads program `id` of the run in `db`, or undefined when there is none. */
export function programDetail(db: ReadonlyRunDb, id: number): ProgramDetail | undefined {
  const p = db.get(
    `SELECT p.*, parent.source AS parent_source FROM programs p
     LEFT JOIN programs parent ON parent.id = p.parent_id WHERE p.id = ?`,
    id,
  );
  if (!p) return undefined;
  const e = db.get("SELECT * FROM evaluations WHERE program_id = ?", id);
  const children = db.all(
    `SELECT p.id, p.proposer, e.ok, e.train_score FROM programs p
     LEFT JOIN evaluations e ON e.program_id = p.id WHERE p.parent_id = ? ORDER BY p.id`,
    id,
  );
  const iteration = Number(p.iteration);
  // Calls carry the program id when the engine filled it in; else they belong to the iteration.
  const calls = db.all(
    `SELECT * FROM llm_calls WHERE program_id = ? OR (program_id IS NULL AND iteration = ?)
     ORDER BY id`,
    id,
    iteration,
  );
  const events = db.all(
    "SELECT time, kind, payload_json FROM events WHERE program_id = ? ORDER BY id",
    id,
  );
  const model = str(p.model);
  return {
    id,
    source: String(p.source),
    parentId: num(p.parent_id),
    parentSource: str(p.parent_source),
    island: Number(p.island),
    generation: Number(p.generation),
    iteration,
    seed: num(p.seed),
    proposer: String(p.proposer),
    description: String(p.description),
    createdAt: String(p.created_at),
    usage: model === undefined ? undefined : {
      model,
      inputTokens: Number(p.input_tokens ?? 0),
      outputTokens: Number(p.output_tokens ?? 0),
      costUsd: Number(p.cost_usd ?? 0),
    },
    evaluation: e && evaluation(e),
    children: children.map((c) => ({
      id: Number(c.id),
      ok: c.ok === null ? undefined : Number(c.ok) === 1,
      train: num(c.train_score),
      proposer: String(c.proposer),
    })),
    copies: db.all(
      "SELECT island, iteration FROM island_copies WHERE program_id = ? ORDER BY iteration",
      id,
    ).map((c) => ({ island: Number(c.island), iteration: Number(c.iteration) })),
    llmCalls: calls.map(llmCall),
    events: events.map((ev) => ({
      time: String(ev.time),
      kind: String(ev.kind),
      payload: json(ev.payload_json),
    })),
  };
}

function evaluation(e: Row): ProgramEvaluation {
  return {
    ok: Number(e.ok) === 1,
    failure: json<EvaluationFailure>(e.failure_json),
    stages: json<StageResult[]>(e.stages_json) ?? [],
    train: json<ScoredSet>(e.train_json),
    holdout: json<StageResult>(e.holdout_json),
    evalMs: Number(e.eval_ms),
    wallMs: Number(e.wall_ms),
    createdAt: String(e.created_at),
  };
}

function llmCall(c: Row): LlmCallView {
  return {
    id: Number(c.id),
    model: String(c.model),
    prompt: String(c.prompt),
    response: str(c.response),
    error: str(c.error),
    inputTokens: Number(c.input_tokens),
    outputTokens: Number(c.output_tokens),
    costUsd: Number(c.cost_usd),
    ms: Number(c.ms),
    createdAt: String(c.created_at),
  };
}
