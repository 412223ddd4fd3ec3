// Owns "did you mean" suggestions for misspelt keys, names and exports (edit distance).

/** Levenshtein distance between `a` and `b`, case-insensitive (a case slip counts as no edit). */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = row;
  }
  return prev[y.length];
}

/** The closest of `candidates` to `word`, if close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // A truncated or over-long word (`maximum` for `max`) is as plausible as a one-letter slip.
    const prefix = c.length >= 3 && word.length >= 3 &&
      (c.toLowerCase().startsWith(word.toLowerCase()) ||
        word.toLowerCase().startsWith(c.toLowerCase()));
    const d = prefix ? 1 : editDistance(word, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit && best !== word ? best : undefined;
}

/** `"; did you mean `x`?"` when a close candidate exists, else `""`. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const best = closest(word, candidates);
  return best === undefined ? "" : `; did you mean \`${best}\`?`;
}
