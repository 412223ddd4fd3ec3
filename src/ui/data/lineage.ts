// Owns the lineage data: every program as a tree node (parent, island, outcome, score) and the
// best program's path to its root, in columns; the browser lays it out and draws it on a canvas.
import type { RunReader } from "../../evolve/database/store.ts";
import { ancestry, bestSeries } from "../../runview/mod.ts";

export interface LineageData {
  readonly id: readonly number[];
  /** Index of the parent in these arrays; -1 for a root (the initial or an injected program). */
  readonly parent: readonly number[];
  readonly island: readonly number[];
  readonly iteration: readonly number[];
  /** Train score; null when failed or not evaluated yet. */
  readonly train: readonly (number | null)[];
  /** 1 ok, 0 failed, -1 not evaluated yet. */
  readonly state: readonly number[];
  /** Index into `proposers`. */
  readonly proposer: readonly number[];
  readonly proposers: readonly string[];
  /** Failure category per node ("" when ok or pending). */
  readonly failure: readonly string[];
  /** Ids from the root to the best program (empty before any program passed). */
  readonly bestPath: readonly number[];
  readonly islands: number;
}

/** Reads the lineage of the run `reader` reads. */
export function lineageData(reader: RunReader): LineageData {
  const rows = reader.listProgramSummaries();
  const index = new Map<number, number>(rows.map((r, i) => [r.id, i]));
  const proposers: string[] = [];
  const proposerIndex = new Map<string, number>();
  const out = {
    id: [] as number[],
    parent: [] as number[],
    island: [] as number[],
    iteration: [] as number[],
    train: [] as (number | null)[],
    state: [] as number[],
    proposer: [] as number[],
    failure: [] as string[],
  };
  for (const r of rows) {
    const e = r.evaluation;
    if (!proposerIndex.has(r.proposer)) {
      proposerIndex.set(r.proposer, proposers.length);
      proposers.push(r.proposer);
    }
    out.id.push(r.id);
    out.parent.push(r.parentId === undefined ? -1 : index.get(r.parentId) ?? -1);
    out.island.push(r.island);
    out.iteration.push(r.iteration);
    out.train.push(e?.trainScore ?? null);
    out.state.push(e?.ok ? 1 : e ? 0 : -1);
    out.proposer.push(proposerIndex.get(r.proposer)!);
    out.failure.push(e?.failureCategory ?? "");
  }
  const best = bestSeries(rows.map((r) => ({ ...r, score: r.evaluation?.trainScore }))).at(-1);
  const parentOf = (id: number) => {
    const parent = out.parent[index.get(id)!];
    return parent === -1 ? undefined : out.id[parent];
  };
  return {
    ...out,
    proposers,
    bestPath: best ? ancestry(best.id, parentOf) : [],
    islands: out.island.reduce((m, i) => Math.max(m, i + 1), 1),
  };
}
