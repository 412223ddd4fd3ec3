// Owns walking a program's ancestry: the ids from its root (the initial or an injected program)
// down to it, for the report's lineage of the best and the UI's best path.

/** Ids root → `id`, following `parentOf`; stops at a repeated id (a hand-edited parent cycle). */
export function ancestry(id: number, parentOf: (id: number) => number | undefined): number[] {
  const chain: number[] = [];
  const seen = new Set<number>();
  for (let p: number | undefined = id; p !== undefined && !seen.has(p); p = parentOf(p)) {
    seen.add(p);
    chain.push(p);
  }
  return chain.reverse();
}
