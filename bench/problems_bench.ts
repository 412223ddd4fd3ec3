// Owns the problems benchmark: for each named problem, an offline `evolve` run (the AST mutation
// engine, no LLM) from the spec's initial program, and its gain on holdout, beside the problem's
// own reference figures (its strong baseline). Each problem contributes one `ProblemBench` to
// PROBLEM_BENCHES; runProblemsBench() runs the ones named.
// Run directly: `deno run -A bench/problems_bench.ts [--iterations N] [--seed S] [--runs-dir D]
// [problem ...]` (runs are kept in D when given).
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadSpec } from "../src/spec/mod.ts";
import { type LoadedWorkload, loadSpecWorkloads } from "../src/workloads/mod.ts";
import { SandboxPool } from "../src/sandbox/mod.ts";
import { improvement } from "../evaluators/txn/mod.ts";
import { schedule as greedySchedule, type Txn } from "../specs/txn/baselines/greedy.ts";
import * as cacheModel from "../evaluators/cache/mod.ts";
import * as spotModel from "../evaluators/spot/mod.ts";
import type { MetricFn, SimulateFn } from "../src/evaluate/types.ts";
import { evict as s3fifo } from "../specs/cache/baselines/s3fifo.ts";
import { schedule as spotGreedy } from "../specs/spot/baselines/greedy.ts";
import { schedule as uniformProgress } from "../specs/spot/baselines/uniform_progress.ts";

const ROOT = new URL("../", import.meta.url).pathname;

export interface ProblemsBenchOptions {
  /** Offline evolution iterations per problem. @default 30 */
  readonly iterations?: number;
  /** Seed of each evolution run. @default 0 */
  readonly seed?: number;
  /** Where run directories go; a fresh temporary directory, removed afterwards, when absent. */
  readonly runsDir?: string;
}

/** Scores of one program on train and holdout, as the run report gives them. */
export interface SetScores {
  readonly train: number;
  readonly holdout: number;
}

/** What an offline evolution run of one spec achieved. */
export interface EvolveFigures {
  readonly spec: string;
  readonly iterations: number;
  /** Wall-clock seconds of the whole `evolve` command. */
  readonly seconds: number;
  readonly initial: SetScores;
  readonly best: SetScores;
  /** best.holdout - initial.holdout: what evolution gained on data it never selected on. */
  readonly holdoutGain: number;
  readonly evaluated: number;
  readonly failed: number;
  readonly runDir: string;
}

/** One problem's figures: its evolution run plus figures that problem defines (named, numeric). */
export interface ProblemFigures {
  readonly problem: string;
  readonly evolve: EvolveFigures;
  readonly extra: Readonly<Record<string, number>>;
  /** One line per extra figure, saying what it is. */
  readonly notes: readonly string[];
}

/** A problem's benchmark, given the resolved options (runsDir is where its run goes). */
export type ProblemBench = (
  options: Required<ProblemsBenchOptions>,
) => Promise<ProblemFigures>;

/** Benchmarks by problem name; extend by adding an entry. */
export const PROBLEM_BENCHES: Readonly<Record<string, ProblemBench>> = {
  txn: txnBench,
  speedup: speedupBench,
  cache: cacheBench,
  spot: spotBench,
};

/** Runs the benchmarks of `names` (PROBLEM_BENCHES keys) one after another. */
export async function runProblemsBench(
  names: readonly string[],
  options: ProblemsBenchOptions = {},
): Promise<ProblemFigures[]> {
  const unknown = names.filter((n) => !(n in PROBLEM_BENCHES));
  if (unknown.length > 0) {
    throw new Error(
      `problems_bench: no benchmark for ${unknown.join(", ")}; known: ` +
        Object.keys(PROBLEM_BENCHES).join(", "),
    );
  }
  const runsDir = options.runsDir ?? await Deno.makeTempDir({ prefix: "problems-bench-" });
  const resolved = { iterations: options.iterations ?? 30, seed: options.seed ?? 0, runsDir };
  try {
    const out: ProblemFigures[] = [];
    for (const name of names) out.push(await PROBLEM_BENCHES[name](resolved));
    return out;
  } finally {
    if (options.runsDir === undefined) await Deno.remove(runsDir, { recursive: true });
  }
}

/**
 * Runs `deno task evolve <spec> --offline` in a child process (as a user would), with `extraArgs`
 * appended, and reads its report.json. Throws with the command's output when it fails.
 */
export async function evolveOffline(
  spec: string,
  options: Required<ProblemsBenchOptions>,
  extraArgs: readonly string[] = [],
): Promise<EvolveFigures> {
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "evolve",
      spec,
      "--offline",
      "--quiet",
      "--iterations",
      String(options.iterations),
      "--seed",
      String(options.seed),
      "--runs-dir",
      options.runsDir,
      ...extraArgs,
    ],
    cwd: ROOT,
    env: { CI: "true", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - started) / 1000;
  const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  const runDir = /run directory: (\S+)/.exec(text)?.[1];
  if (!out.success || !runDir) {
    throw new Error(
      `problems_bench: evolve ${spec} failed (exit ${out.code}):\n${text.slice(-2000)}`,
    );
  }
  const report = JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
  const scores = (p: { trainScore: number; holdoutScore: number }): SetScores => ({
    train: p.trainScore,
    holdout: p.holdoutScore,
  });
  const initial = scores(report.initial);
  const best = scores(report.best);
  return {
    spec,
    iterations: report.totals.iterations,
    seconds,
    initial,
    best,
    holdoutGain: best.holdout - initial.holdout,
    evaluated: report.totals.evaluated,
    failed: report.totals.failed,
    runDir,
  };
}

async function loadSet(spec: string, set: "train" | "holdout"): Promise<LoadedWorkload[]> {
  return await loadSpecWorkloads(await loadSpec(join(ROOT, "specs", `${spec}.yaml`)), set);
}

/** Transaction scheduling: evolution's holdout improvement beside the greedy baseline's. */
async function txnBench(options: Required<ProblemsBenchOptions>): Promise<ProblemFigures> {
  const evolve = await evolveOffline("specs/txn.yaml", options);
  const holdout = await loadSet("txn", "holdout");
  let greedy = 0;
  for (const file of holdout) {
    const orders = file.cases.map((c) => {
      const { txns, workers } = c.input as { txns: Txn[]; workers: number };
      return greedySchedule(structuredClone(txns), workers);
    });
    greedy += improvement(file.cases, orders) / holdout.length;
  }
  return {
    problem: "txn",
    evolve,
    extra: { greedyHoldout: greedy },
    notes: ["greedyHoldout: the greedy baseline's holdout score (mean arrival / makespan)"],
  };
}

/**
 * Speed-up: the score is log2(100 / runtime_ms), so the run's holdout gain g is a 2^g-fold
 * speed-up as the run measured it. Timing noise on a shared machine can swing that figure either
 * way (the initial program is timed once, at the start), so the initial and evolved programs are
 * then re-timed side by side, with the reference and the merge baseline, on the holdout arrays.
 */
async function speedupBench(options: Required<ProblemsBenchOptions>): Promise<ProblemFigures> {
  // The score is a time: two evaluations in flight on a 2-core machine would time each other.
  const evolve = await evolveOffline("specs/speedup.yaml", options, ["--concurrency", "1"]);
  const holdout = await loadSet("speedup", "holdout");
  const read = (path: string) => Deno.readTextFile(join(ROOT, path));
  const ms = await timeInSandbox(
    {
      initial: await read("specs/speedup/initial.ts"),
      evolved: await Deno.readTextFile(join(evolve.runDir, "best.ts")),
      reference: await read("specs/speedup/reference.ts"),
      merge: await read("specs/speedup/baselines/merge.ts"),
    },
    "countInversions",
    holdout.map((f) => f.cases.map((c) => [(c.input as { xs: number[] }).xs])),
  );
  return {
    problem: "speedup",
    evolve,
    extra: {
      runSpeedup: 2 ** evolve.holdoutGain,
      evolvedSpeedup: ms.initial / ms.evolved,
      mergeSpeedup: ms.reference / ms.merge,
    },
    notes: [
      "runSpeedup: holdout runtime of initial / evolved best as the run measured it (2^gain)",
      "evolvedSpeedup: the same, re-timed side by side in warm sandbox workers (median of 5 rounds)",
      "mergeSpeedup: reference / merge baseline, re-timed the same way",
    ],
  };
}

/** Cache eviction: evolution's holdout gain beside S3-FIFO's and Belady's (the oracle bound). */
async function cacheBench(options: Required<ProblemsBenchOptions>): Promise<ProblemFigures> {
  const evolve = await evolveOffline("specs/cache.yaml", options);
  const holdout = await loadSet("cache", "holdout");
  const s3 = await closedLoopScore(holdout, cacheModel.simulate, cacheModel.missReduction, (s) => {
    const c = s as unknown as cacheModel.CacheStep;
    return s3fifo(c.key, c.clock, c.capacity, c.cache, c.recent, c.state);
  });
  let belady = 0;
  for (const file of holdout) {
    for (const c of file.cases) {
      const { capacity, accesses } = c.input as unknown as cacheModel.CacheEpisode;
      const lru = (c.context as cacheModel.CacheCaseContext).lruMisses;
      belady += (lru - cacheModel.beladyMisses(capacity, accesses)) / lru /
        (file.cases.length * holdout.length);
    }
  }
  return {
    problem: "cache",
    evolve,
    extra: { s3fifoHoldout: s3, beladyHoldout: belady },
    notes: [
      "s3fifoHoldout: the S3-FIFO baseline's holdout score (miss reduction vs LRU)",
      "beladyHoldout: Belady's clairvoyant optimum on holdout, what an oracle that saw the future would score",
    ],
  };
}

/** Spot scheduling: evolution's holdout gain beside the greedy and uniform-progress baselines'. */
async function spotBench(options: Required<ProblemsBenchOptions>): Promise<ProblemFigures> {
  const evolve = await evolveOffline("specs/spot.yaml", options);
  const holdout = await loadSet("spot", "holdout");
  const score = (policy: (s: never) => unknown) =>
    closedLoopScore(holdout, spotModel.simulate, spotModel.saving, (s) => policy(s as never));
  return {
    problem: "spot",
    evolve,
    extra: {
      greedyHoldout: await score(spotGreedy),
      uniformProgressHoldout: await score(uniformProgress),
    },
    notes: [
      "greedyHoldout: greedy with a safety net, holdout saving vs always on demand",
      "uniformProgressHoldout: the uniform-progress rule (Can't Be Late), the same measure",
    ],
  };
}

/** Mean over files of `metric` for a closed-loop policy run in process (trusted baselines only). */
async function closedLoopScore(
  files: readonly LoadedWorkload[],
  simulate: SimulateFn,
  metric: MetricFn,
  policy: (stepInput: Readonly<Record<string, unknown>>) => unknown,
): Promise<number> {
  let total = 0;
  for (const file of files) {
    const outputs = [];
    for (const c of file.cases) {
      // Clones stand in for the sandbox's, so the policy cannot alias the simulator's data.
      const step = (s: Readonly<Record<string, unknown>>) =>
        Promise.resolve(structuredClone(policy(structuredClone(s))));
      outputs.push(await simulate(structuredClone(c.input), step, c.context));
    }
    total += metric(file.cases, outputs) / files.length;
  }
  return total;
}

/**
 * Mean ms per call of each program over `files` (lists of argument lists), as the sandbox's
 * trusted timer measures it: one untimed warm-up round, then `rounds` rounds, each running every
 * file through every program in turn (so load spikes hit all programs alike); the median round
 * per program. One sandbox child per program keeps each program's worker loaded and warm.
 */
export async function timeInSandbox(
  sources: Readonly<Record<string, string>>,
  entry: string,
  files: readonly (readonly unknown[][])[],
  rounds = 5,
): Promise<Record<string, number>> {
  const names = Object.keys(sources);
  const sandbox = await SandboxPool.start({ size: names.length, timeoutMs: 10_000 });
  const perRound = new Map(names.map((name) => [name, [] as number[]]));
  try {
    for (let round = -1; round < rounds; round++) {
      const totals = new Map(names.map((name) => [name, { ms: 0, calls: 0 }]));
      for (const calls of files) {
        for (const name of names) {
          const run = await sandbox.run({ source: sources[name], entry, calls });
          if (!run.ok) {
            throw new Error(`problems_bench: ${name} failed when re-timed: ${run.failure.message}`);
          }
          const total = totals.get(name)!;
          for (const c of run.calls) total.ms += c.timesMs[0];
          total.calls += run.calls.length;
        }
      }
      if (round < 0) continue;
      for (const [name, { ms, calls }] of totals) perRound.get(name)!.push(ms / calls);
    }
  } finally {
    await sandbox.close();
  }
  return Object.fromEntries(names.map((name) => [name, median(perRound.get(name)!)]));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function printFigures(figures: readonly ProblemFigures[]): void {
  const f3 = (x: number) => x.toFixed(3);
  for (const { problem, evolve: e, extra, notes } of figures) {
    console.log(
      `${problem}: ${e.iterations} offline iterations in ${e.seconds.toFixed(0)} s ` +
        `(${e.evaluated} evaluated, ${e.failed} failed)`,
    );
    console.log(
      `  initial train ${f3(e.initial.train)} holdout ${f3(e.initial.holdout)}; ` +
        `best train ${f3(e.best.train)} holdout ${f3(e.best.holdout)}; ` +
        `holdout gain ${e.holdoutGain >= 0 ? "+" : ""}${f3(e.holdoutGain)}`,
    );
    for (const [name, value] of Object.entries(extra)) console.log(`  ${name} ${f3(value)}`);
    for (const note of notes) console.log(`    (${note})`);
  }
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      iterations: { type: "string" },
      seed: { type: "string" },
      "runs-dir": { type: "string" },
    },
  });
  const int = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) {
      console.error(`problems_bench: --${flag} must be a non-negative integer`);
      Deno.exit(2);
    }
    return n;
  };
  const names = positionals.length ? positionals : Object.keys(PROBLEM_BENCHES);
  const figures = await runProblemsBench(names, {
    iterations: int("iterations", values.iterations),
    seed: int("seed", values.seed),
    runsDir: values["runs-dir"],
  });
  printFigures(figures);
  console.log(JSON.stringify(figures));
}
