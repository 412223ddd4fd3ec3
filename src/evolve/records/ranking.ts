// Owns the one ranking rule of programs, used by selection, the reports and the UI alike: higher
// train score first, then the older program (lower id), so ties never depend on timing.

/** Anything that can be ranked: a program id and its train score (none ranks last). */
export interface Ranked {
  readonly id: number;
  /** Train score; undefined or -Infinity when there is none. */
  readonly score?: number;
}

/** True when `a` ranks above `b`: higher score, then the older program (lower id). */
export function ranksAbove(a: Ranked, b: Ranked): boolean {
  const sa = a.score ?? -Infinity;
  const sb = b.score ?? -Infinity;
  return sa > sb || (sa === sb && a.id < b.id);
}

/** Sorts best first by `ranksAbove`. */
export function byRank(a: Ranked, b: Ranked): number {
  return ranksAbove(a, b) ? -1 : ranksAbove(b, a) ? 1 : 0;
}
