// Speed-up reference: the obviously correct quadratic inversion count. Every candidate's output is
// compared with this one's, on generated inputs and on every workload case (`equivalent`).

/** The number of pairs i < j with xs[i] > xs[j]. */
export function countInversions(xs: number[]): number {
  let count = 0;
  for (let i = 0; i < xs.length; i++) {
    for (let j = i + 1; j < xs.length; j++) {
      if (xs[i] > xs[j]) count++;
    }
  }
  return count;
}
