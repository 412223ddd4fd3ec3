// Owns the lineage data: every program as a tree node (parent, island, outcome, score) and the
// best program's path to its root, in columns; the browser lays it out and draws it on a canvas.
import { num, type ReadonlyRunDb } from "./_db.ts";

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

/** Reads the lineage of the run in `db`. */
export function lineageData(db: ReadonlyRunDb): LineageData {
  const rows = db.all(
    `SELECT p.id, p.parent_id, p.island, p.iteration, p.proposer, e.ok, e.train_score,
       e.failure_category
     FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id ORDER BY p.id`,
  );
  const index = new Map<number, number>(rows.map((r, i) => [Number(r.id), i]));
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
  let best: { id: number; score: number } | undefined;
  for (const r of rows) {
    const id = Number(r.id);
    const evaluated = r.ok !== null && r.ok !== undefined;
    const ok = evaluated && Number(r.ok) === 1;
    const train = ok ? num(r.train_score) ?? null : null;
    const proposer = String(r.proposer);
    if (!proposerIndex.has(proposer)) {
      proposerIndex.set(proposer, proposers.length);
      proposers.push(proposer);
    }
    out.id.push(id);
    out.parent.push(r.parent_id === null ? -1 : index.get(Number(r.parent_id)) ?? -1);
    out.island.push(Number(r.island));
    out.iteration.push(Number(r.iteration));
    out.train.push(train);
    out.state.push(ok ? 1 : evaluated ? 0 : -1);
    out.proposer.push(proposerIndex.get(proposer)!);
    out.failure.push(evaluated && !ok ? String(r.failure_category ?? "unknown") : "");
    if (train !== null && (!best || train > best.score)) best = { id, score: train };
  }
  return {
    ...out,
    proposers,
    bestPath: best ? pathToRoot(best.id, index, out.parent, out.id) : [],
    islands: out.island.reduce((m, i) => Math.max(m, i + 1), 1),
  };
}

function pathToRoot(
  id: number,
  index: ReadonlyMap<number, number>,
  parent: readonly number[],
  ids: readonly number[],
): number[] {
  const path: number[] = [];
  // Bounded by the node count, so a corrupt file with a parent cycle cannot hang the server.
  for (let i = index.get(id) ?? -1; i !== -1 && path.length <= ids.length; i = parent[i]) {
    path.push(ids[i]);
  }
  return path.reverse();
}
