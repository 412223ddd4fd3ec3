// Owns the seeded synthetic EPLB load generator: DeepSeek-V3-like shape (58 layers x 256 experts,
// 288 replicas, 8 groups, 4 nodes, 32 GPUs), heavy-tailed and drifting expert popularity, bursts,
// a regime shift between the train and holdout sets, and skewed families (a few very hot experts,
// hot groups, hot experts that swap mid-trace) where node-local replication runs out of room.
import { type GenerateFn, replaceWorkloadFiles } from "specevolve/author";
import { type Random, random } from "./_random.ts";
import { encodeWorkload, type EplbWorkload, WORKLOAD_FORMAT } from "./workload_file.ts";

/** The ADRS evaluation shape. */
export const EPLB_SHAPE = {
  layers: 58,
  experts: 256,
  numReplicas: 288,
  numGroups: 8,
  numNodes: 4,
  numGpus: 32,
} as const;

/** Windows per trace file: 10 windows give 9 (place on t, score on t+1) cases. */
const WINDOWS = 10;
/** Tokens per window and experts per token (top-k): every layer routes tokens * TOP_K choices. */
const TOKENS = 65536;
const TOP_K = 8;
/** Popularity sources a trace mixes: A and B appear in train, C only in holdout (the shift). */
const DOMAINS = 3;

/** How one trace file behaves. */
interface TraceRecipe {
  readonly note: string;
  /** Domain weights at the first and last window (linear in between), or switched at `shiftAt`. */
  readonly from: readonly [number, number, number];
  readonly to: readonly [number, number, number];
  /** Window index where the mix jumps from `from` to `to`; absent: a gradual blend. */
  readonly shiftAt?: number;
  /** Per layer and window: chance of a burst. */
  readonly burstRate: number;
  /** Multiplies every layer's popularity spread (holdout traffic is more skewed). */
  readonly skew: number;
  /** Spread of the per-window token volume (log-normal sigma). */
  readonly volume: number;
  /** Skewed families only: a few very hot experts and/or hot groups (see `HotSpots`). */
  readonly hot?: HotSpots;
}

/**
 * Concentrated popularity on top of the model. Each layer picks `experts` hot experts (logit
 * boosts from `boost` down to half of it, the hottest carrying ~18% of the layer) and `groups` hot
 * groups (+`groupBoost` on every member). With `swapAt`, a fresh hot set takes over at that window.
 * `topK` replaces the top-8 routing cap: with top-8 no expert can exceed 1/8 of a layer, so the
 * ~18% hottest experts of real skewed traces need top-4 (cap 1/4).
 */
interface HotSpots {
  readonly experts: number;
  readonly boost: number;
  readonly groups: number;
  readonly groupBoost: number;
  readonly swapAt?: number;
  readonly topK: number;
}

const TRAIN: readonly TraceRecipe[] = [
  {
    note: "domain A, steady",
    from: [1, 0, 0],
    to: [1, 0, 0],
    burstRate: 0.03,
    skew: 1,
    volume: 0.05,
  },
  {
    note: "domain A drifting to B",
    from: [1, 0, 0],
    to: [0.2, 0.8, 0],
    burstRate: 0.06,
    skew: 1,
    volume: 0.1,
  },
  {
    note: "domain B, bursty",
    from: [0, 1, 0],
    to: [0, 1, 0],
    burstRate: 0.15,
    skew: 1,
    volume: 0.1,
  },
  {
    note: "A/B mix, volatile volume",
    from: [0.5, 0.5, 0],
    to: [0.6, 0.4, 0],
    burstRate: 0.08,
    skew: 1.1,
    volume: 0.3,
  },
  {
    note: "skewed: few very hot experts",
    from: [1, 0, 0],
    to: [0.6, 0.4, 0],
    burstRate: 0.05,
    skew: 1,
    volume: 0.1,
    hot: { experts: 4, boost: 4.6, groups: 0, groupBoost: 0, topK: 4 },
  },
  {
    note: "skewed: hot groups",
    from: [0, 1, 0],
    to: [0, 1, 0],
    burstRate: 0.05,
    skew: 1,
    volume: 0.1,
    hot: { experts: 2, boost: 3.5, groups: 2, groupBoost: 1.2, topK: 4 },
  },
];

const HOLDOUT: readonly TraceRecipe[] = [
  {
    note: "unseen domain C mixed with A",
    from: [0.35, 0, 0.65],
    to: [0.25, 0, 0.75],
    burstRate: 0.08,
    skew: 1.1,
    volume: 0.1,
  },
  {
    note: "domain C, more skewed, bursty",
    from: [0, 0, 1],
    to: [0, 0.2, 0.8],
    burstRate: 0.2,
    skew: 1.3,
    volume: 0.15,
  },
  {
    note: "abrupt shift A -> C at window 4",
    from: [1, 0, 0],
    to: [0, 0, 1],
    shiftAt: 4,
    burstRate: 0.08,
    skew: 1.2,
    volume: 0.1,
  },
  {
    note: "skewed: hottest experts swap at window 5",
    from: [0.3, 0, 0.7],
    to: [0.3, 0, 0.7],
    burstRate: 0.05,
    skew: 1.1,
    volume: 0.1,
    hot: { experts: 4, boost: 4.6, groups: 0, groupBoost: 0, swapAt: 5, topK: 4 },
  },
  {
    note: "skewed: hot experts in hot groups",
    from: [0, 0, 1],
    to: [0, 0.3, 0.7],
    burstRate: 0.08,
    skew: 1.1,
    volume: 0.1,
    hot: { experts: 3, boost: 4.2, groups: 2, groupBoost: 1.2, topK: 4 },
  },
];

/** Popularity a model has regardless of traffic, and each domain's offsets; [layer][expert] logits. */
interface Model {
  readonly base: Float64Array[];
  readonly domains: readonly Float64Array[][];
}

/** Builds every train and holdout trace for `seed` (pure; `generate` writes them). */
export function generateWorkloads(
  seed: number,
): { train: EplbWorkload[]; holdout: EplbWorkload[] } {
  const model = buildModel(seed);
  return {
    train: TRAIN.map((recipe, i) => buildTrace(model, recipe, random(seed, 1, i))),
    holdout: HOLDOUT.map((recipe, i) => buildTrace(model, recipe, random(seed, 2, i))),
  };
}

/** Trusted `workloads.generate`: writes `train-<i>.json.gz` and `holdout-<i>.json.gz` files. */
export const generate: GenerateFn = async ({ trainDir, holdoutDir, seed }) => {
  const { train, holdout } = generateWorkloads(seed);
  const encoded = (traces: readonly EplbWorkload[]) =>
    Promise.all(traces.map(async (t, i) => [`${i}.json.gz`, await encodeWorkload(t)] as const));
  await replaceWorkloadFiles(trainDir, "train", await encoded(train));
  await replaceWorkloadFiles(holdoutDir, "holdout", await encoded(holdout));
};

function buildModel(seed: number): Model {
  const { layers, experts, numGroups } = EPLB_SHAPE;
  const rng = random(seed, 0);
  const groupSize = experts / numGroups;
  const base: Float64Array[] = [];
  for (let l = 0; l < layers; l++) {
    // Layers differ in how concentrated routing is; a few experts per layer are outliers.
    const spread = 0.55 + 0.75 * rng.next();
    const groupBias = Array.from({ length: numGroups }, () => 0.35 * rng.normal());
    const row = new Float64Array(experts);
    for (let e = 0; e < experts; e++) {
      row[e] = spread * rng.normal() + groupBias[Math.floor(e / groupSize)];
    }
    for (let k = rng.int(4); k > 0; k--) row[rng.int(experts)] += 1 + rng.next();
    base.push(row);
  }
  const domains = Array.from(
    { length: DOMAINS },
    () => base.map(() => Float64Array.from({ length: experts }, () => 0.7 * rng.normal())),
  );
  return { base, domains };
}

function buildTrace(model: Model, recipe: TraceRecipe, rng: Random): EplbWorkload {
  const { layers, experts } = EPLB_SHAPE;
  // Slow drift: an Ornstein-Uhlenbeck walk per expert (stationary sigma ~0.38 in log space).
  const drift = model.base.map(() =>
    Float64Array.from({ length: experts }, () => 0.38 * rng.normal())
  );
  const burst = model.base.map(() => new Float64Array(experts));
  // Drawn only for skewed recipes, so the older traces keep their bytes.
  const hot = recipe.hot ? [hotBoosts(recipe.hot, rng), hotBoosts(recipe.hot, rng)] : undefined;
  const topK = recipe.hot?.topK ?? TOP_K;
  const logits = new Float64Array(experts);
  const loads: number[][][] = [];
  for (let t = 0; t < WINDOWS; t++) {
    const mix = mixAt(recipe, t);
    const tokens = TOKENS * Math.exp(recipe.volume * rng.normal());
    const boosts = hot?.[t < (recipe.hot?.swapAt ?? Infinity) ? 0 : 1];
    const window: number[][] = [];
    for (let l = 0; l < layers; l++) {
      stepBursts(burst[l], recipe.burstRate, rng);
      for (let e = 0; e < experts; e++) {
        let x = model.base[l][e];
        for (let d = 0; d < DOMAINS; d++) x += mix[d] * model.domains[d][l][e];
        logits[e] = recipe.skew * x + drift[l][e] + burst[l][e] + (boosts?.[l][e] ?? 0);
        drift[l][e] = 0.85 * drift[l][e] + 0.2 * rng.normal();
      }
      window.push(sampleCounts(logits, tokens, topK, rng));
    }
    loads.push(window);
  }
  const { numReplicas, numGroups, numNodes, numGpus } = EPLB_SHAPE;
  return {
    format: WORKLOAD_FORMAT,
    note: recipe.note,
    numReplicas,
    numGroups,
    numNodes,
    numGpus,
    loads,
  };
}

/** Per layer: the logit boost of each expert from its hot spots. */
function hotBoosts(spots: HotSpots, rng: Random): Float64Array[] {
  const { layers, experts, numGroups } = EPLB_SHAPE;
  const groupSize = experts / numGroups;
  return Array.from({ length: layers }, () => {
    const row = new Float64Array(experts);
    for (let k = 0; k < spots.groups; k++) {
      const g = rng.int(numGroups);
      for (let e = g * groupSize; e < (g + 1) * groupSize; e++) row[e] += spots.groupBoost;
    }
    for (let k = 0; k < spots.experts; k++) {
      row[rng.int(experts)] += spots.boost * (1 - k / (2 * Math.max(1, spots.experts - 1)));
    }
    return row;
  });
}

function mixAt(recipe: TraceRecipe, t: number): readonly number[] {
  if (recipe.shiftAt !== undefined) return t < recipe.shiftAt ? recipe.from : recipe.to;
  const f = t / (WINDOWS - 1);
  return recipe.from.map((a, d) => a + f * (recipe.to[d] - a));
}

/** Ends each running burst with chance 1/2 (2 windows on average), then maybe starts new ones. */
function stepBursts(burst: Float64Array, rate: number, rng: Random): void {
  for (let e = 0; e < burst.length; e++) if (burst[e] !== 0 && rng.next() < 0.5) burst[e] = 0;
  if (rng.next() >= rate) return;
  for (let k = 1 + rng.int(3); k > 0; k--) burst[rng.int(burst.length)] = 1 + rng.next();
}

/**
 * Token counts per expert: softmax shares of tokens * topK choices. A token picks topK distinct
 * experts, so no expert gets more than `tokens`; mass above that cap moves to the other experts
 * in proportion (water-filling), keeping every layer's total at tokens * topK. Then noise.
 */
function sampleCounts(
  logits: Float64Array,
  tokens: number,
  topK: number,
  rng: Random,
): number[] {
  let top = -Infinity;
  for (const x of logits) top = Math.max(top, x);
  let z = 0;
  for (const x of logits) z += Math.exp(x - top);
  const expected = logits.map((x) => (tokens * topK * Math.exp(x - top)) / z);
  // Each pass caps at least one more expert, so this ends within `experts` passes.
  for (;;) {
    let excess = 0, free = 0;
    for (const x of expected) {
      if (x > tokens) excess += x - tokens;
      else if (x < tokens) free += x;
    }
    if (excess === 0 || free === 0) break;
    const scale = (free + excess) / free;
    for (let e = 0; e < expected.length; e++) {
      expected[e] = expected[e] >= tokens ? tokens : expected[e] * scale;
    }
  }
  const out = new Array<number>(expected.length);
  for (let e = 0; e < expected.length; e++) {
    // Normal approximation of the Poisson count; exact sampling buys nothing at these sizes.
    out[e] = Math.max(0, Math.round(expected[e] + Math.sqrt(expected[e]) * rng.normal()));
  }
  return out;
}
