// Owns one program's full record for the program and compare pages: source, parent source,
// evaluation (stages, metrics per workload, failures), children, LLM calls and related events.
import type { RunReader } from "../../evolve/database/store.ts";
import type { LlmCallRecord, StoredProgram } from "../../evolve/records/mod.ts";

/** A stored program with what its page shows around it. */
export interface ProgramDetail extends StoredProgram {
  readonly parentSource?: string;
  readonly children: readonly {
    readonly id: number;
    readonly ok?: boolean;
    readonly train?: number;
    readonly proposer: string;
  }[];
  /** Islands this program was copied to by migration. */
  readonly copies: readonly { readonly island: number; readonly iteration: number }[];
  /** The LLM calls of its iteration (the proposer logs them before the program has an id). */
  readonly llmCalls: readonly LlmCallRecord[];
  readonly events: readonly {
    readonly time: string;
    readonly kind: string;
    readonly payload: unknown;
  }[];
}

/** Reads program `id` of the run `reader` reads, or undefined when there is none. */
export function programDetail(reader: RunReader, id: number): ProgramDetail | undefined {
  const p = reader.getProgram(id);
  if (!p) return undefined;
  return {
    ...p,
    parentSource: p.parentId === undefined ? undefined : reader.getProgram(p.parentId)?.source,
    children: reader.listProgramSummaries({ parentId: id }).map((c) => ({
      id: c.id,
      ok: c.evaluation?.ok,
      train: c.evaluation?.trainScore,
      proposer: c.proposer,
    })),
    copies: reader.listIslandCopies(id).map((c) => ({ island: c.island, iteration: c.iteration })),
    llmCalls: reader.listLlmCalls({ program: { id, iteration: p.iteration } }),
    events: reader.listEvents(undefined, { programId: id }).map((ev) => ({
      time: ev.time,
      kind: ev.kind,
      payload: ev.payload,
    })),
  };
}
