// Owns the seeded speed-up workload generator: integer arrays of 800 to 3000 elements in shape
// families (random, nearly sorted, few distinct values, random walk); holdout brings shapes train
// never shows (nearly descending, sawtooth runs, extreme values), where an algorithm tuned to the
// train shapes (e.g. insertion-based for nearly sorted data) can fall back to quadratic time.
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { type CaseFile, type GenerateFn, seededStream, writeCaseSet } from "specevolve/author";

/** Arrays per file, and the range of their lengths (the input schema's maxItems). */
const ARRAYS = 6;
const MIN_LENGTH = 800;
const MAX_LENGTH = 3000;
/** Largest magnitude of a value (the input schema allows [-1e9, 1e9]). */
const VALUE_LIMIT = 1_000_000_000;

/** One family of array shapes: `fill` writes an array of length n. */
interface Shape {
  readonly note: string;
  readonly fill: (n: number, rng: RandomGenerator) => number[];
}

const int = (rng: RandomGenerator, lo: number, hi: number) => uniformInt(rng, lo, hi);
const anyValue = (rng: RandomGenerator) => int(rng, -VALUE_LIMIT, VALUE_LIMIT);

/** Swaps `count` random pairs of positions in place. */
function swapRandom(xs: number[], count: number, rng: RandomGenerator): number[] {
  for (let k = 0; k < count; k++) {
    const i = int(rng, 0, xs.length - 1), j = int(rng, 0, xs.length - 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

const sortedValues = (n: number, rng: RandomGenerator) =>
  Array.from({ length: n }, () => anyValue(rng)).sort((a, b) => a - b);

const TRAIN: readonly Shape[] = [
  {
    note: "uniform random values over [-1e9, 1e9]",
    fill: (n, rng) => Array.from({ length: n }, () => anyValue(rng)),
  },
  {
    note: "nearly sorted: ascending, then 1% of positions swapped at random",
    fill: (n, rng) => swapRandom(sortedValues(n, rng), Math.ceil(n / 100), rng),
  },
  {
    note: "few distinct values: 16 values, many ties",
    fill: (n, rng) => {
      const values = Array.from({ length: 16 }, () => anyValue(rng));
      return Array.from({ length: n }, () => values[int(rng, 0, 15)]);
    },
  },
  {
    note: "random walk: steps in [-1000, 1000] from 0",
    fill: (n, rng) => {
      let x = 0;
      return Array.from({ length: n }, () => (x += int(rng, -1000, 1000)));
    },
  },
];

const HOLDOUT: readonly Shape[] = [
  {
    note: "nearly descending: descending, then 5% of positions swapped at random",
    fill: (n, rng) => swapRandom(sortedValues(n, rng).reverse(), Math.ceil(n / 20), rng),
  },
  {
    note: "sawtooth: ascending runs of 20 to 200 values, each run starting anywhere",
    fill: (n, rng) => {
      const xs: number[] = [];
      while (xs.length < n) {
        const run = Math.min(n - xs.length, int(rng, 20, 200));
        let x = int(rng, -VALUE_LIMIT, 0);
        for (let k = 0; k < run; k++) xs.push(x += int(rng, 0, 1_000_000));
      }
      return xs;
    },
  },
  {
    note: "extremes: a third of the values are -1e9, 0 or 1e9, the rest uniform",
    fill: (n, rng) =>
      Array.from(
        { length: n },
        () => int(rng, 0, 2) === 0 ? [-VALUE_LIMIT, 0, VALUE_LIMIT][int(rng, 0, 2)] : anyValue(rng),
      ),
  },
];

/** Builds every train and holdout file for `seed`: a case `{ xs }` per array (pure). */
export function generateWorkloads(seed: number): { train: CaseFile[]; holdout: CaseFile[] } {
  const build = (shapes: readonly Shape[], set: number) =>
    shapes.map((shape, i): CaseFile => {
      const rng = seededStream(seed, set * 16 + i);
      const cases = Array.from(
        { length: ARRAYS },
        () => ({ input: { xs: shape.fill(int(rng, MIN_LENGTH, MAX_LENGTH), rng) } }),
      );
      return { note: shape.note, cases };
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
