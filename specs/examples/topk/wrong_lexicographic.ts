// Subtly wrong top-k: Array.prototype.sort without a comparator orders numbers as strings,
// so 10 sorts before 9 and -1 before -2. Small non-negative single digits pass.
export function topK(xs: number[], k: number): number[] {
  return [...xs].sort().reverse().slice(0, k);
}
