// Owns the seeded spot workload generator: availability traces as on/off processes with chosen
// mean up and down times. Train: mostly available, flaky (short, frequent outages), scarce, and
// a daily cycle; holdout: a long outage near the end, heavy-tailed outages, and an early drought,
// none of which train shows.
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { type CaseFile, type GenerateFn, seededStream, writeCaseSet } from "specevolve/author";
import type { SpotEpisode } from "./simulate.ts";

/** Jobs per file; each costs up to `deadline` sandbox calls, so keep them few and short. */
const EPISODES = 2;

/**
 * Mean up and down run lengths at step t of a trace of length n; `heavyTail` draws outages
 * from a Pareto law instead of a geometric one.
 */
interface Pattern {
  readonly note: string;
  readonly spotPrice: number;
  readonly up: (t: number, n: number) => number;
  readonly down: (t: number, n: number) => number;
  readonly heavyTail?: boolean;
}

const constant = (v: number) => () => v;

const TRAIN: readonly Pattern[] = [
  {
    note: "mostly available: up ~40 steps, down ~5",
    spotPrice: 0.3,
    up: constant(40),
    down: constant(5),
  },
  {
    note: "flaky: up ~6 steps, down ~3 (restarts eat the savings)",
    spotPrice: 0.3,
    up: constant(6),
    down: constant(3),
  },
  { note: "scarce: up ~8 steps, down ~20", spotPrice: 0.3, up: constant(8), down: constant(20) },
  {
    note: "daily cycle: up ~30 and down ~3 at night, up ~5 and down ~15 by day (period 48)",
    spotPrice: 0.3,
    up: (t) => (Math.floor(t / 24) % 2 === 0 ? 30 : 5),
    down: (t) => (Math.floor(t / 24) % 2 === 0 ? 3 : 15),
  },
];

const HOLDOUT: readonly Pattern[] = [
  {
    note: "late outage: up ~30, down ~3 for the first 55% of the window, then none",
    spotPrice: 0.35,
    up: (t, n) => (t < 0.55 * n ? 30 : 0),
    down: (t, n) => (t < 0.55 * n ? 3 : n),
  },
  {
    note: "heavy-tailed outages: up ~10 steps, outages Pareto (alpha 1.2, from 2 steps)",
    spotPrice: 0.35,
    up: constant(10),
    down: constant(2),
    heavyTail: true,
  },
  {
    note: "early drought: no spot for the first 40% of the window, then up ~50, down ~2",
    spotPrice: 0.35,
    up: (t, n) => (t < 0.4 * n ? 0 : 50),
    down: (t, n) => (t < 0.4 * n ? n : 2),
  },
];

/** Builds every train and holdout file for `seed`: an episode per job (pure; `generate` writes them). */
export function generateWorkloads(seed: number): { train: CaseFile[]; holdout: CaseFile[] } {
  const build = (patterns: readonly Pattern[], set: number) =>
    patterns.map((p, i): CaseFile => {
      const rng = seededStream(seed, set * 16 + i);
      const cases = Array.from({ length: EPISODES }, () => ({ input: { ...episode(p, rng) } }));
      return { note: p.note, cases };
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

/** A job of 80-140 steps with a deadline 1.3-1.8x its on-demand time and a 1-3 step restart. */
function episode(p: Pattern, rng: RandomGenerator): SpotEpisode {
  const work = uniformInt(rng, 80, 140);
  const restart = uniformInt(rng, 1, 3);
  const deadline = Math.round((work + restart) * (1.3 + 0.5 * uniformFloat64(rng)));
  return { work, deadline, restart, spotPrice: p.spotPrice, spot: trace(p, deadline, rng) };
}

/**
 * An on/off Markov chain whose mean run lengths may change with time: each step the current state
 * ends with probability 1 / mean (a geometric run), at once where the pattern allows it no time.
 * With `heavyTail`, an outage instead lasts a Pareto-distributed number of steps.
 */
function trace(p: Pattern, n: number, rng: RandomGenerator): boolean[] {
  const out: boolean[] = [];
  let up = uniformFloat64(rng) < 0.5;
  let outageLeft = 0;
  for (let t = 0; t < n; t++) {
    if (!((up ? p.up(t, n) : p.down(t, n)) > 0)) up = !up;
    if (!up && p.heavyTail && outageLeft === 0) {
      outageLeft = Math.ceil(p.down(t, n) * Math.pow(1 - uniformFloat64(rng), -1 / 1.2));
    }
    out.push(up);
    if (!up && p.heavyTail) {
      if (--outageLeft === 0) up = true;
    } else if (uniformFloat64(rng) < 1 / (up ? p.up(t, n) : p.down(t, n))) up = !up;
  }
  return out;
}
