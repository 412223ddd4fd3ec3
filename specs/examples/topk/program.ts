// Top-k by a numeric sort (correct).
// EVOLVE-BLOCK-START
export function topK(xs: number[], k: number): number[] {
  return [...xs].sort((a, b) => b - a).slice(0, k);
}
// EVOLVE-BLOCK-END
