// Demonstrates that the offline operators are a real search: a seeded hill climb driven only by
// OfflineMutator turns weak programs into good ones, scored by trusted functions in this file.
import assert from "node:assert/strict";
import { ts } from "ts-morph";
import { OfflineMutator } from "../../../src/evolve/mutate/mod.ts";

/**
 * Loads a candidate's export, in this process: test-only, for our own mutations of the programs
 * below. Their loops are all `for...of` over arrays the loop body cannot grow, so no mutation can
 * make them hang (a counted `for (let g = 1; g < n; g++)` can: `g = 5; g > n`).
 */
function load<T>(source: string, name: string): T {
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const exports: Record<string, unknown> = {};
  new Function("exports", js)(exports);
  return exports[name] as T;
}

/** Keeps a mutation when it scores at least as well (ties let the search drift across plateaus). */
async function hillClimb(
  initial: string,
  score: (source: string) => number,
  iterations: number,
  seed: number,
): Promise<{ start: number; best: number; source: string; accepted: string[] }> {
  const mutator = new OfflineMutator();
  let source = initial;
  let best = score(initial);
  const start = best;
  const accepted: string[] = [];
  for (let i = 0; i < iterations; i++) {
    const result = await mutator.propose({
      parent: { id: `p${i}`, source, score: best },
      inspirations: [],
      iteration: i,
      seed: seed * 100_000 + i,
      feedback: [],
    });
    if (!result.ok) continue;
    const s = score(result.proposal.source);
    if (s >= best) {
      if (s > best) accepted.push(result.proposal.description);
      best = s;
      source = result.proposal.source;
    }
  }
  return { start, best, source, accepted };
}

// A weak greedy load balancer, EPLB in miniature: items go to the *most* loaded bin, in ascending
// weight order. The good heuristic (heaviest first, to the least loaded bin) is a few swaps away.
const BALANCER = `export function assign(weights: number[], bins: number): number[] {
  // EVOLVE-BLOCK-START
  const order = weights.map((_, i) => i).sort((a, b) => weights[a] - weights[b]);
  const load: number[] = new Array(bins).fill(0);
  const out: number[] = new Array(weights.length).fill(0);
  for (const i of order) {
    let best = 0;
    for (const [g, l] of load.entries()) {
      if (l > load[best]) best = g;
    }
    load[best] += weights[i];
    out[i] = best;
  }
  return out;
  // EVOLVE-BLOCK-END
}
`;

/** Seeded heavy-tailed item weights, like expert loads. */
function workloads(): number[][] {
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from(
    { length: 6 },
    () => Array.from({ length: 40 }, () => 1 / (0.02 + next() ** 2)),
  );
}

const BINS = 4;
const WORKLOADS = workloads();

/** Trusted metric: mean over workloads of average bin load / max bin load; 0 for invalid output. */
function balancedness(source: string): number {
  const assign = load<(w: number[], bins: number) => unknown>(source, "assign");
  let total = 0;
  for (const w of WORKLOADS) {
    let out: unknown;
    try {
      out = assign([...w], BINS);
    } catch {
      return 0;
    }
    if (!Array.isArray(out) || out.length !== w.length) return 0;
    const bins = new Array(BINS).fill(0);
    for (let i = 0; i < w.length; i++) {
      const g = out[i];
      if (!Number.isInteger(g) || g < 0 || g >= BINS) return 0;
      bins[g] += w[i];
    }
    total += bins.reduce((a, b) => a + b, 0) / BINS / Math.max(...bins);
  }
  return total / WORKLOADS.length;
}

Deno.test("OfflineMutator hill climb turns a bad greedy balancer into a well-balanced one", async () => {
  const run = await hillClimb(BALANCER, balancedness, 80, 1);
  assert.ok(Math.abs(run.start - 1 / BINS) < 1e-9, `the weak start puts all items in one bin`);
  assert.ok(run.best > 0.9, `balancedness only ${run.best}; accepted: ${run.accepted.join(" / ")}`);
  // What it finds is the classic LPT rule: heaviest item first, to the least loaded bin.
  assert.match(run.source, /weights\[b\] - weights\[a\]/);
});

// A block that computes a value from constants and operators, scored against a hidden target.
const FORMULA = `export function predict(x: number): number {
  // EVOLVE-BLOCK-START
  const slope = 0.5;
  const offset = 1;
  return x * slope - offset;
  // EVOLVE-BLOCK-END
}
`;

/** Trusted metric: minus the mean squared error against 3.2 * x + 12 on x = 0..9. */
function fit(source: string): number {
  const f = load<(x: number) => number>(source, "predict");
  let sum = 0;
  for (let x = 0; x < 10; x++) sum += (f(x) - (3.2 * x + 12)) ** 2;
  return Number.isFinite(sum) ? -sum / 10 : -Infinity;
}

Deno.test("OfflineMutator hill climb fits constants and operators to a hidden target", async () => {
  const run = await hillClimb(FORMULA, fit, 150, 3);
  assert.ok(run.start < -500, `start error ${-run.start}`);
  // At least a fiftyfold smaller error than where it started (this seed reaches ~440x; with
  // src/random's sfc32, 8 of seeds 1..12 pass 50x, as 9 did with the pure-rand generator before).
  assert.ok(run.best > run.start / 50, `error only fell from ${-run.start} to ${-run.best}`);
});
