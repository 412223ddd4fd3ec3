// Speed-up initial program: correct, and as slow as the reference on every workload. It is a
// divide-and-conquer counter whose base case counts pairs directly, but its cutoff (4096) exceeds
// every workload's length, so each call takes the quadratic path. The cutoff, the base case and
// the merge are what evolution can turn; the exported signature below the block stays.

// EVOLVE-BLOCK-START
/** Ranges at most this long are counted pair by pair. */
const CUTOFF = 4096;

/** Counts the inversions of xs[lo, hi) pair by pair, then sorts that range ascending. */
function countDirect(xs: number[], lo: number, hi: number): number {
  let count = 0;
  for (let i = lo; i < hi; i++) {
    for (let j = i + 1; j < hi; j++) {
      if (xs[i] > xs[j]) count++;
    }
  }
  const sorted = xs.slice(lo, hi).sort((a, b) => a - b);
  for (let i = lo; i < hi; i++) xs[i] = sorted[i - lo];
  return count;
}

/** Counts the inversions of xs[lo, hi) and sorts that range ascending. */
function sortAndCount(xs: number[], lo: number, hi: number): number {
  if (hi - lo <= CUTOFF) return countDirect(xs, lo, hi);
  const mid = lo + Math.floor((hi - lo) / 2);
  let count = sortAndCount(xs, lo, mid) + sortAndCount(xs, mid, hi);
  const merged: number[] = [];
  let i = lo;
  let j = mid;
  while (i < mid && j < hi) {
    if (xs[j] < xs[i]) {
      // xs[j] is smaller than every element left in the sorted left half.
      count += mid - i;
      merged.push(xs[j++]);
    } else {
      merged.push(xs[i++]);
    }
  }
  while (i < mid) merged.push(xs[i++]);
  while (j < hi) merged.push(xs[j++]);
  for (let k = 0; k < merged.length; k++) xs[lo + k] = merged[k];
  return count;
}
// EVOLVE-BLOCK-END

/** The number of pairs i < j with xs[i] > xs[j]. */
export function countInversions(xs: number[]): number {
  return sortAndCount(xs.slice(), 0, xs.length);
}
