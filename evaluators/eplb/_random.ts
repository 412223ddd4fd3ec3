// Owns the seeded pseudo-random source of the EPLB workload generator.
//
// Written by hand (sfc32 seeded through splitmix32, ~20 lines) rather than taken from a library:
// the generator must write byte-identical files for a seed on every machine, so the algorithm is
// pinned here instead of following a dependency's version.

/** A seeded stream of pseudo-random numbers. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** Returns an independent stream for `seed` and the stream path `ids` (e.g. set, file, layer). */
export function random(seed: number, ...ids: readonly number[]): Random {
  let h = splitmix32(seed >>> 0);
  for (const id of ids) h = splitmix32((h ^ Math.imul(id + 1, 0x9e3779b9)) >>> 0);
  let a = h, b = splitmix32(h + 1), c = splitmix32(h + 2), d = 1;
  const next = (): number => {
    // sfc32: small, fast, passes PractRand; 32-bit integer arithmetic only, so it reproduces exactly.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    // Box-Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    int: (n) => Math.floor(next() * n),
  };
}

function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
