// Owns the seeded cache workload generator: access traces built from Zipf popularity (with drift),
// loops, one-time scans and sliding working sets. Train mixes drifting Zipf, Zipf with scans, a
// loop just larger than the cache, and alternating phases; holdout brings an abrupt hot-set
// shift, scans inside a loop, and a sliding working set, none of which train shows as such.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { type CaseFile, type GenerateFn, seededStream, writeCaseSet } from "specevolve/author";
import { caseContext } from "./simulate.ts";

/** Accesses per episode: each miss with a full cache costs one sandbox call, so keep it short. */
const ACCESSES = 1000;

/** Where the keys of one phase come from: weighted sources, plus periodic scans. */
interface Phase {
  readonly length: number;
  readonly mix: readonly (readonly [weight: number, source: Source])[];
  /** Every `every` accesses, a scan of `length` keys never seen before or after. */
  readonly scan?: { readonly every: number; readonly length: number };
}

type Source =
  | { readonly kind: "zipf"; readonly keys: number; readonly s: number; readonly drift?: number }
  | { readonly kind: "loop"; readonly keys: number }
  | { readonly kind: "window"; readonly keys: number; readonly slideEvery: number };

interface Recipe {
  readonly note: string;
  readonly capacity: number;
  readonly phases: readonly Phase[];
}

const zipf = (keys: number, s: number, drift?: number): Source => ({
  kind: "zipf",
  keys,
  s,
  drift,
});
const loop = (keys: number): Source => ({ kind: "loop", keys });

const TRAIN: readonly Recipe[] = [
  {
    note: "drifting Zipf: s=0.9 over 400 keys, 20 popularity ranks swapped every 100 accesses",
    capacity: 40,
    phases: [{ length: ACCESSES, mix: [[1, zipf(400, 0.9, 20)]] }],
  },
  {
    note: "Zipf with scans: s=1.0 over 300 keys, a 60-key one-time scan every 150 accesses",
    capacity: 40,
    phases: [{ length: ACCESSES, mix: [[1, zipf(300, 1.0)]], scan: { every: 150, length: 60 } }],
  },
  {
    note: "loop: 80% a 50-key loop (cache 40), 20% Zipf s=0.8 over 200 other keys",
    capacity: 40,
    phases: [{ length: ACCESSES, mix: [[0.8, loop(50)], [0.2, zipf(200, 0.8)]] }],
  },
  {
    note: "phases of 250: Zipf s=0.8, a 45-key loop, Zipf s=1.1 on new keys, the loop again",
    capacity: 40,
    phases: [
      { length: 250, mix: [[1, zipf(300, 0.8)]] },
      { length: 250, mix: [[1, loop(45)]] },
      { length: 250, mix: [[1, zipf(300, 1.1)]] },
      { length: 250, mix: [[1, loop(45)]] },
    ],
  },
];

const HOLDOUT: readonly Recipe[] = [
  {
    note: "hot-set shift: Zipf s=1.2 over 300 keys, replaced by 300 new keys halfway",
    capacity: 30,
    phases: [
      { length: ACCESSES / 2, mix: [[1, zipf(300, 1.2)]] },
      { length: ACCESSES / 2, mix: [[1, zipf(300, 1.2)]] },
    ],
  },
  {
    note: "scans in a loop: a 35-key loop (cache 30), a 100-key one-time scan every 200 accesses",
    capacity: 30,
    phases: [{ length: ACCESSES, mix: [[1, loop(35)]], scan: { every: 200, length: 100 } }],
  },
  {
    note: "sliding working set: 90% uniform over a 40-key window sliding 1 key every 8 accesses, " +
      "10% Zipf s=0.9 over 200 keys",
    capacity: 30,
    phases: [{
      length: ACCESSES,
      mix: [[0.9, { kind: "window", keys: 40, slideEvery: 8 }], [0.1, zipf(200, 0.9)]],
    }],
  },
];

/**
 * Builds every train and holdout file for `seed` (pure; `generate` writes them): one episode
 * `{ capacity, accesses }` per file, with LRU's misses on it as trusted context for the metrics.
 */
export function generateWorkloads(seed: number): { train: CaseFile[]; holdout: CaseFile[] } {
  const build = (recipes: readonly Recipe[], set: number) =>
    recipes.map((recipe, i): CaseFile => {
      const rng = seededStream(seed, set * 16 + i);
      const input = { capacity: recipe.capacity, accesses: trace(recipe.phases, rng) };
      return { note: recipe.note, cases: [{ input, context: caseContext(input) }] };
    });
  return { train: build(TRAIN, 0), holdout: build(HOLDOUT, 1) };
}

/** Trusted `workloads.generate`: writes `train-<i>.json.gz` and `holdout-<i>.json.gz` files. */
export const generate: GenerateFn = async ({ trainDir, holdoutDir, seed }) => {
  const { train, holdout } = generateWorkloads(seed);
  const named = (files: CaseFile[]) => files.map((f, i) => [String(i), f] as const);
  await writeCaseSet(trainDir, "train", named(train));
  await writeCaseSet(holdoutDir, "holdout", named(holdout));
};

/**
 * The accesses of `phases` in order. Every source (and every phase) draws from its own block of
 * key ids, shuffled within the block, so a key's id tells nothing about its popularity.
 */
function trace(phases: readonly Phase[], rng: RandomGenerator): number[] {
  let nextBlock = uniformInt(rng, 0, 1000) * 1000;
  const block = (size: number): number[] => {
    const ids = Array.from({ length: size }, (_, i) => nextBlock + i);
    nextBlock += size + uniformInt(rng, 1, 1000);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
    return ids;
  };
  const out: number[] = [];
  for (const phase of phases) {
    const draws = phase.mix.map(([, source]) => sampler(source, block, rng));
    const total = phase.mix.reduce((a, [w]) => a + w, 0);
    for (let t = 0; t < phase.length; t++) {
      if (phase.scan && t > 0 && t % phase.scan.every === 0) {
        // A scan is a run of keys used once; it does not count against the phase's length.
        out.push(...block(phase.scan.length).sort((a, b) => a - b));
      }
      let x = uniformFloat64(rng) * total;
      let s = 0;
      while (s < draws.length - 1 && (x -= phase.mix[s][0]) >= 0) s++;
      out.push(draws[s]());
    }
  }
  return out;
}

function sampler(
  source: Source,
  block: (size: number) => number[],
  rng: RandomGenerator,
): () => number {
  const ids = block(source.keys);
  switch (source.kind) {
    case "loop": {
      let i = 0;
      return () => ids[i++ % ids.length];
    }
    case "window": {
      let t = 0;
      // The window slides over an ever-growing run of ids: keys that leave it never return.
      const all = [...ids, ...block(Math.ceil(ACCESSES / source.slideEvery) + 1)];
      return () => {
        const start = Math.floor(t++ / source.slideEvery);
        return all[start + uniformInt(rng, 0, source.keys - 1)];
      };
    }
    case "zipf": {
      const cdf = new Float64Array(source.keys);
      let total = 0;
      for (let k = 0; k < source.keys; k++) cdf[k] = total += 1 / Math.pow(k + 1, source.s);
      let t = 0;
      return () => {
        // Drift: every 100 draws some popularity ranks trade keys.
        if (source.drift && ++t % 100 === 0) {
          for (let d = 0; d < source.drift; d++) {
            const a = uniformInt(rng, 0, ids.length - 1), b = uniformInt(rng, 0, ids.length - 1);
            [ids[a], ids[b]] = [ids[b], ids[a]];
          }
        }
        const x = uniformFloat64(rng) * total;
        let lo = 0, hi = source.keys - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cdf[mid] <= x) lo = mid + 1;
          else hi = mid;
        }
        return ids[lo];
      };
    }
  }
}
