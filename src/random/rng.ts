// Owns specevolve's one seeded random source for trusted code (engine, selection, proposers, test
// fixtures): sfc32 seeded through splitmix32, and the rule that gives every iteration its own
// stream, so a resumed or concurrent run draws the same numbers. The sandbox worker ships a text
// copy of the same generator as candidates' Math.random (src/sandbox/_worker.ts); a test checks
// that both give the same stream for a seed.

/** Name stored with a run so a later version can tell how its streams were derived. */
export const RNG_ALGORITHM = "sfc32/splitmix32-per-iteration";

/** splitmix32 step: spreads a 32-bit input over all bits (seeds sfc32 and mixes stream keys). */
function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded sfc32 generator; its whole state is four uint32 words. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    // Seeds beyond 32 bits fold their high word in, so large seeds stay distinct.
    let s = (seed >>> 0) ^ Math.imul((seed / 0x1_0000_0000) >>> 0, 0x27d4eb2f);
    this.#a = s = splitmix32(s);
    this.#b = s = splitmix32(s);
    this.#c = s = splitmix32(s);
    this.#d = 1;
    // The reference implementation discards the first outputs so weak seeds do not show.
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Next uint32. */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.next() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n); n must be a positive integer. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Rng.int: n must be > 0, got ${n}`);
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [from, to], both included. */
  between(from: number, to: number): number {
    return from + this.int(to - from + 1);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
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

  /** A uniformly chosen element; the array must not be empty. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `k` distinct elements chosen uniformly (all of them, shuffled, when k >= length). */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = [...items];
    const n = Math.min(k, pool.length);
    // Partial Fisher-Yates: only the first n places are settled.
    for (let i = 0; i < n; i++) {
      const j = i + this.int(pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, n);
  }
}

/**
 * The generator of one iteration: a pure function of the run seed and the iteration number.
 * Why per iteration rather than one long stream: with candidates in flight concurrently and
 * iterations re-proposed after a crash, a shared stream would hand out numbers in timing order;
 * keyed streams make iteration i draw the same numbers however the run got there.
 */
export function iterationRng(seed: number, iteration: number): Rng {
  return new Rng(splitmix32((seed >>> 0) ^ splitmix32(iteration >>> 0)));
}
