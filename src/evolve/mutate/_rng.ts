// Owns the offline mutator's seeded randomness: one pure-rand generator per proposal, so the same
// request seed always yields the same choices.
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/** A seeded random source with the few draws the mutation operators need. */
export class Rng {
  readonly #gen: RandomGenerator;

  constructor(seed: number) {
    // pure-rand keeps 32 bits of the seed; fold the high bits in so large seeds stay distinct.
    const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
    this.#gen = xoroshiro128plus((whole ^ Math.floor(whole / 2 ** 32)) | 0);
  }

  /** An integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.#gen, from, to);
  }

  /** A float in [0, 1). */
  float(): number {
    return uniformFloat64(this.#gen);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** One element drawn with probability proportional to `weight(item)`; undefined if all are 0. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T | undefined {
    const weights = items.map(weight);
    const total = weights.reduce((a, b) => a + b, 0);
    if (!(total > 0)) return undefined;
    let r = this.float() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i];
      if (r < 0 && weights[i] > 0) return items[i];
    }
    // Floating-point rounding can leave r at ~0 after the last item: take the last weighted one.
    return items[weights.findLastIndex((w) => w > 0)];
  }
}
