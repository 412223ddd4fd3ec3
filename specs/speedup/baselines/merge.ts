// Speed-up baseline: bottom-up merge sort on typed arrays that counts inversions while it sorts,
// O(n log n). Runs of 32 are sorted by insertion first (the shifts an insertion makes are exactly
// the inversions inside its run), then runs are merged pairwise between two buffers.

/** Run length sorted by insertion before merging. */
const RUN = 32;

/** The number of pairs i < j with xs[i] > xs[j]. */
export function countInversions(xs: number[]): number {
  const n = xs.length;
  // Inputs are integers in [-1e9, 1e9], so Int32Array holds them exactly.
  let src = Int32Array.from(xs);
  let dst = new Int32Array(n);
  let count = 0;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(n, lo + RUN);
    for (let i = lo + 1; i < hi; i++) {
      const v = src[i];
      let j = i - 1;
      while (j >= lo && src[j] > v) {
        src[j + 1] = src[j];
        j--;
      }
      count += i - 1 - j;
      src[j + 1] = v;
    }
  }
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(n, lo + width);
      const hi = Math.min(n, lo + 2 * width);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (src[j] < src[i]) {
          // src[j] jumps ahead of every element still waiting in the left run.
          count += mid - i;
          dst[k++] = src[j++];
        } else {
          dst[k++] = src[i++];
        }
      }
      while (i < mid) dst[k++] = src[i++];
      while (j < hi) dst[k++] = src[j++];
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  return count;
}
