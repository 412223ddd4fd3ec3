// Owns the best-score series of a run: which evaluated programs, taken in iteration order, became
// the best so far by the one ranking rule. The run report's chart and the UI's chart both draw it.
import { ranksAbove } from "../evolve/records/mod.ts";

/** A scored program as the series needs it. */
export interface SeriesPoint {
  readonly id: number;
  readonly iteration: number;
  /** Train score when the program passed; a program without one never becomes best. */
  readonly score?: number;
}

/** The points of `inOrder` (sorted by iteration, then id) that each became the best so far. */
export function bestSeries<T extends SeriesPoint>(inOrder: readonly T[]): T[] {
  const best: T[] = [];
  for (const p of inOrder) {
    if (p.score === undefined) continue;
    const top = best.at(-1);
    if (!top || ranksAbove(p, top)) best.push(p);
  }
  return best;
}

/** Sorts programs by iteration, then id: the order the series and the charts walk them in. */
export function byIteration(a: SeriesPoint, b: SeriesPoint): number {
  return a.iteration - b.iteration || a.id - b.id;
}
