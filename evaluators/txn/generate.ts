// Owns the seeded transaction workload generator: batches of 100 to 200 transactions whose keys
// follow a Zipf law (hot keys), in read-heavy, write-heavy and mixed traffic; holdout brings a
// higher skew, long read-only scans and write-only traffic, none of which train shows.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { type CaseFile, type GenerateFn, seededStream, writeCaseSet } from "specevolve/author";
import { caseContext, type Txn } from "./schedule.ts";

/** Batches per file, and the range of their sizes. */
const BATCHES = 8;
const MIN_TXNS = 100;
const MAX_TXNS = 200;

/** How one file's traffic behaves. */
interface TrafficRecipe {
  readonly note: string;
  readonly workers: number;
  /** Key space and its Zipf exponent (0: uniform; 1 and above: a few very hot keys). */
  readonly keys: number;
  readonly zipf: number;
  /** Chance that an access is a read. */
  readonly readShare: number;
  /** Accesses per ordinary transaction, inclusive range. */
  readonly accesses: readonly [number, number];
  /** Chance that a transaction is long (5x its duration). */
  readonly longShare: number;
  /** Chance that a transaction is a read-only scan of 20 to 50 keys. */
  readonly scanShare: number;
}

const TRAIN: readonly TrafficRecipe[] = [
  {
    note: "read-heavy: 90% reads, Zipf 0.8 over 500 keys, 8 workers",
    workers: 8,
    keys: 500,
    zipf: 0.8,
    readShare: 0.9,
    accesses: [2, 8],
    longShare: 0,
    scanShare: 0,
  },
  {
    note: "write-heavy: 50% reads, Zipf 0.6 over 500 keys, 8 workers",
    workers: 8,
    keys: 500,
    zipf: 0.6,
    readShare: 0.5,
    accesses: [2, 6],
    longShare: 0,
    scanShare: 0,
  },
  {
    note: "hot keys: 70% reads, Zipf 1.0 over 1000 keys, 16 workers",
    workers: 16,
    keys: 1000,
    zipf: 1.0,
    readShare: 0.7,
    accesses: [2, 8],
    longShare: 0,
    scanShare: 0,
  },
  {
    note: "mixed sizes: 80% reads, Zipf 0.9 over 1000 keys, 1-12 accesses, 10% long, 12 workers",
    workers: 12,
    keys: 1000,
    zipf: 0.9,
    readShare: 0.8,
    accesses: [1, 12],
    longShare: 0.1,
    scanShare: 0,
  },
];

const HOLDOUT: readonly TrafficRecipe[] = [
  {
    note: "very hot keys: 75% reads, Zipf 1.3 over 1000 keys, 16 workers",
    workers: 16,
    keys: 1000,
    zipf: 1.3,
    readShare: 0.75,
    accesses: [2, 8],
    longShare: 0,
    scanShare: 0,
  },
  {
    note: "scans: 10% read-only scans of 20-50 keys among short 50%-write transactions, 8 workers",
    workers: 8,
    keys: 500,
    zipf: 0.8,
    readShare: 0.5,
    accesses: [1, 4],
    longShare: 0,
    scanShare: 0.1,
  },
  {
    note: "write-only: Zipf 0.9 over 300 keys, 1-5 keys, 10% long, 24 workers",
    workers: 24,
    keys: 300,
    zipf: 0.9,
    readShare: 0,
    accesses: [1, 5],
    longShare: 0.1,
    scanShare: 0,
  },
];

/**
 * Builds every train and holdout file for `seed` (pure; `generate` writes them): a case
 * `{ txns, workers }` per batch, with its arrival-order makespan and lower bound as trusted context.
 */
export function generateWorkloads(seed: number): { train: CaseFile[]; holdout: CaseFile[] } {
  const build = (recipes: readonly TrafficRecipe[], set: number) =>
    recipes.map((recipe, i): CaseFile => {
      const rng = seededStream(seed, set * 16 + i);
      const key = zipfSampler(recipe.keys, recipe.zipf, rng);
      const batches = Array.from(
        { length: BATCHES },
        () =>
          Array.from(
            { length: uniformInt(rng, MIN_TXNS, MAX_TXNS) },
            () => buildTxn(recipe, key, rng),
          ),
      );
      const { workers } = recipe;
      const cases = batches.map((txns) => ({
        input: { txns, workers },
        context: caseContext(txns, workers),
      }));
      return { note: recipe.note, cases };
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
 * One transaction: a scan reads 20-50 keys and costs 1 per key; an ordinary transaction makes
 * `accesses` reads or writes and costs 1-3 per access, 5x when long. A key both read and written
 * is kept as a write only; keys are listed once each, ascending.
 */
function buildTxn(
  recipe: TrafficRecipe,
  key: (rng: RandomGenerator) => number,
  rng: RandomGenerator,
): Txn {
  const scan = uniformFloat64(rng) < recipe.scanShare;
  const accesses = scan ? uniformInt(rng, 20, 50) : uniformInt(rng, ...recipe.accesses);
  const reads = new Set<number>(), writes = new Set<number>();
  for (let a = 0; a < accesses; a++) {
    const k = key(rng);
    if (scan || uniformFloat64(rng) < recipe.readShare) reads.add(k);
    else writes.add(k);
  }
  for (const k of writes) reads.delete(k);
  let duration = scan ? accesses : accesses * uniformInt(rng, 1, 3);
  if (!scan && uniformFloat64(rng) < recipe.longShare) duration *= 5;
  const ascending = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { duration, reads: ascending(reads), writes: ascending(writes) };
}

/**
 * Samples the key of popularity rank r (0 = hottest) with probability proportional to
 * 1 / (r + 1)^s, by inverse CDF. Ranks map to distinct random ids in [0, 8 * keys), so a key's id
 * says nothing about how hot it is.
 */
function zipfSampler(
  keys: number,
  s: number,
  rng: RandomGenerator,
): (rng: RandomGenerator) => number {
  const ids = Array.from({ length: 8 * keys }, (_, i) => i);
  for (let i = 0; i < keys; i++) {
    const j = uniformInt(rng, i, ids.length - 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const cdf = new Float64Array(keys);
  let total = 0;
  for (let k = 0; k < keys; k++) cdf[k] = total += 1 / Math.pow(k + 1, s);
  return (rng) => {
    const x = uniformFloat64(rng) * total;
    let lo = 0, hi = keys - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo];
  };
}
