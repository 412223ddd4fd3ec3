// Owns one program's full record for the program and compare pages: source, parent source,
// evaluation (stages, metrics per workload, failures), children, LLM calls and related events.
import type { EvaluationFailure, ScoredSet, StageResult } from "../../evaluate/types.ts";
import type { RunReader } from "../../evolve/database/store.ts";

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

/** Reads program `id` of the run `reader` reads, or undefined when there is none. */
export function programDetail(reader: RunReader, id: number): ProgramDetail | undefined {
  const p = reader.getProgram(id);
  if (!p) return undefined;
  const e = p.evaluation;
  return {
    id,
    source: p.source,
    parentId: p.parentId,
    parentSource: p.parentId === undefined ? undefined : reader.getProgram(p.parentId)?.source,
    island: p.island,
    generation: p.generation,
    iteration: p.iteration,
    seed: p.seed,
    proposer: p.proposer,
    description: p.description,
    createdAt: p.createdAt,
    usage: p.usage,
    evaluation: e && {
      ok: e.ok,
      failure: e.failure,
      stages: e.stages,
      train: e.train,
      holdout: e.holdout,
      evalMs: e.evalMs,
      wallMs: e.wallMs,
      createdAt: e.createdAt,
    },
    children: reader.listProgramSummaries().filter((c) => c.parentId === id).map((c) => ({
      id: c.id,
      ok: c.evaluation?.ok,
      train: c.evaluation?.trainScore,
      proposer: c.proposer,
    })),
    copies: reader.listIslandCopies(id).map((c) => ({ island: c.island, iteration: c.iteration })),
    llmCalls: reader.listLlmCalls({ program: { id, iteration: p.iteration } }).map((c) => ({
      id: c.id,
      model: c.model,
      prompt: c.prompt,
      response: c.response,
      error: c.error,
      inputTokens: c.inputTokens,
      outputTokens: c.outputTokens,
      costUsd: c.costUsd,
      ms: c.ms,
      createdAt: c.createdAt,
    })),
    events: reader.listEvents(undefined, { programId: id }).map((ev) => ({
      time: ev.time,
      kind: ev.kind,
      payload: ev.payload,
    })),
  };
}
