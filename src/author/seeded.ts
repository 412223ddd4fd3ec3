// Owns the seeded random streams workload generators draw from: the same seed and index give the
// same draws on every machine (pure-rand's xoroshiro128+, pinned by the lock file).
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * Stream `index` of `seed` (e.g. set * 16 + file): xoroshiro128+ jumped 2^64 draws per index, so
 * the streams of one seed never overlap and adding a file does not change the others.
 */
export function seededStream(seed: number, index: number): RandomGenerator {
  const rng = xoroshiro128plus(seed | 0);
  for (let k = 0; k <= index; k++) rng.jump();
  return rng;
}
