// Owns the evaluation and evolution benchmarks on a spec (EPLB by default): one full cascade
// evaluation (200-case property gate + train + holdout) of the initial program, and an offline
// `evolve` run (wall time, evaluations/min, holdout gain over the initial program, share of
// candidates stopped by each cascade stage). With `--proposer mock`: the LLM path against a
// loopback server instead, at each `--concurrency` (bench/_evolve_mock.ts).
// With `--seeds 1,2,3`: one offline run per seed and the per-seed table (the search's goal is a
// holdout gain on most seeds, not on a lucky one).
// Run: `deno run -A bench/evolve_bench.ts [--iterations N] [--seeds 0] [--proposer offline|mock] [--concurrency 1,2,4]`.
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openSpecEvaluator } from "../src/evaluate/mod.ts";
import { benchMockEvolve } from "./_evolve_mock.ts";

const ROOT = new URL("../", import.meta.url).pathname;

export interface EvaluationFigures {
  /** Wall ms of each stage of one full evaluation of the initial program. */
  readonly stageMs: Readonly<Record<string, number>>;
  readonly totalMs: number;
  readonly gateCases: number;
}

/** Times one full evaluation (gate with `runs` cases, train, holdout) of the spec's initial program. */
export async function benchEvaluation(specPath: string, runs = 200): Promise<EvaluationFigures> {
  const { spec, evaluator } = await openSpecEvaluator({
    spec: specPath,
    runs,
    boundedTypecheck: false,
  });
  try {
    const source = await Deno.readTextFile(spec.program);
    await evaluator.evaluate(source); // warm: workload files, the type-checker, the sandbox worker
    const started = performance.now();
    const evaluation = await evaluator.evaluate(source, { holdout: true });
    const totalMs = performance.now() - started;
    if (!evaluation.ok) throw new Error(`initial program failed: ${evaluation.failure?.message}`);
    return {
      stageMs: Object.fromEntries(evaluation.stages.map((s) => [s.stage, s.ms])),
      totalMs,
      gateCases: evaluation.stages.find((s) => s.stage === "properties")?.cases ?? 0,
    };
  } finally {
    await evaluator.close();
  }
}

export interface EvolveFigures {
  readonly iterations: number;
  readonly wallSeconds: number;
  readonly evaluationsPerMinute: number;
  readonly initial: { readonly train: number; readonly holdout: number };
  readonly best: { readonly train: number; readonly holdout?: number; readonly iteration: number };
  /** Best holdout minus initial holdout (the gain that matters: holdout never drove selection). */
  readonly holdoutGain?: number;
  /** Best train score after each tenth of the run: the curve. */
  readonly curve: readonly { readonly iteration: number; readonly bestTrain: number }[];
  /** Share of evaluated candidates stopped at each stage (and passing all). */
  readonly stoppedAt: Readonly<Record<string, number>>;
}

/** Runs `evolve` offline through the CLI, as a user would, and reads its report. */
export async function benchEvolve(
  specPath: string,
  iterations: number,
  seed = 0,
): Promise<EvolveFigures> {
  const runsDir = await Deno.makeTempDir({ prefix: "specevolve-bench-" });
  const started = performance.now();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "evolve",
      specPath,
      "--iterations",
      String(iterations),
      "--runs-dir",
      runsDir,
      "--seed",
      String(seed),
      "--quiet",
      "--offline",
    ],
    cwd: ROOT,
    env: { CI: "true" },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  const wallSeconds = (performance.now() - started) / 1000;
  if (!out.success) throw new Error(`evolve exited with ${out.code}`);
  let runDir = "";
  for await (const e of Deno.readDir(runsDir)) runDir = join(runsDir, e.name);
  const report = JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
  const candidates: { iteration: number; ok: boolean; trainScore?: number }[] =
    report.series.candidates;
  let best = -Infinity;
  const bestAt = new Map<number, number>();
  for (const c of [...candidates].sort((a, b) => a.iteration - b.iteration)) {
    if (c.ok && c.trainScore !== undefined) best = Math.max(best, c.trainScore);
    bestAt.set(c.iteration, best);
  }
  const curve = Array.from({ length: 11 }, (_, i) => Math.round((i * iterations) / 10))
    .map((iteration) => ({
      iteration,
      bestTrain: [...bestAt].filter(([it]) => it <= iteration).at(-1)?.[1] ?? NaN,
    }));
  const evaluated: number = report.totals.evaluated;
  const stoppedAt: Record<string, number> = {};
  for (const stage of report.cascade.stages as { stage: string; rejected: number }[]) {
    stoppedAt[stage.stage] = stage.rejected / evaluated;
  }
  stoppedAt.passed = report.totals.ok / evaluated;
  const holdout = report.best.holdoutScore;
  return {
    iterations,
    wallSeconds,
    evaluationsPerMinute: evaluated / (wallSeconds / 60),
    initial: { train: report.initial.trainScore, holdout: report.initial.holdoutScore },
    best: { train: report.best.trainScore, holdout, iteration: report.best.iteration },
    holdoutGain: holdout === undefined ? undefined : holdout - report.initial.holdoutScore,
    curve,
    stoppedAt,
  };
}

/** The per-seed Markdown table, then the median best train and the seeds with a holdout gain. */
export function perSeedTable(runs: readonly (EvolveFigures & { seed: number })[]): string {
  const f = (x: number | undefined) => x === undefined ? "—" : x.toFixed(4);
  const rows = runs.map((r) =>
    `| ${r.seed} | ${f(r.initial.train)} | ${f(r.best.train)} | ${f(r.initial.holdout)} | ${
      f(r.best.holdout)
    } | ${f(r.holdoutGain)} | ${r.best.iteration} | ${
      (100 * (r.stoppedAt.passed ?? 0)).toFixed(0)
    }% |`
  );
  const trains = runs.map((r) => r.best.train).sort((a, b) => a - b);
  const mid = trains.length / 2;
  const median = trains.length % 2 ? trains[Math.floor(mid)] : (trains[mid - 1] + trains[mid]) / 2;
  const gains = runs.filter((r) => (r.holdoutGain ?? 0) > 0).length;
  return [
    "| seed | initial train | best train | initial holdout | best holdout | holdout gain | best at | passed |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    `median best train ${median.toFixed(4)}; holdout gain on ${gains} of ${runs.length} seeds`,
  ].join("\n");
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      spec: { type: "string", default: "specs/eplb.yaml" },
      iterations: { type: "string" },
      proposer: { type: "string", default: "offline" },
      concurrency: { type: "string", default: "1,2,4" },
      seeds: { type: "string", default: "0" },
    },
  });
  if (values.proposer === "mock") {
    const iterations = Number(values.iterations ?? 12);
    console.log(
      `evolve through the LLM path, mock server answering at once (${values.spec}), ` +
        `${iterations} iterations, load ${Deno.loadavg()[0].toFixed(1)}:`,
    );
    const figures = [];
    for (const c of values.concurrency.split(",").map(Number)) {
      const f = await benchMockEvolve(values.spec, iterations, c);
      figures.push(f);
      const p = f.perIteration;
      console.log(
        `  concurrency ${c}: ${f.iterationsPerMinute.toFixed(1)} iterations/min ` +
          `(${f.wallSeconds.toFixed(1)} s, ${f.evaluated} evaluated, ${f.rejected} rejected); ` +
          `per iteration: proposal ${p.proposalMs.toFixed(0)} ms, evaluation ${
            p.evaluationMs.toFixed(0)
          } ms, store ${p.storeMs.toFixed(1)} ms; ${
            (f.iterationsPerMinute / figures[0].iterationsPerMinute).toFixed(2)
          }x concurrency ${figures[0].concurrency}; load ${Deno.loadavg()[0].toFixed(1)}`,
      );
    }
    console.log(JSON.stringify({ mock: figures }));
    Deno.exit(0);
  }
  if (values.proposer !== "offline") {
    console.error(`bench evolve: --proposer must be offline or mock, got ${values.proposer}`);
    Deno.exit(64);
  }
  const evaluation = await benchEvaluation(values.spec);
  console.log(`one full evaluation of the initial program (${values.spec}):`);
  console.log(
    `  total ${evaluation.totalMs.toFixed(0)} ms; ` +
      Object.entries(evaluation.stageMs).map(([s, ms]) => `${s} ${ms.toFixed(0)} ms`).join(", ") +
      ` (gate ${evaluation.gateCases} cases)`,
  );
  const seeds = values.seeds.split(",").map(Number);
  if (seeds.length > 1) {
    const runs = [];
    for (const seed of seeds) {
      runs.push({
        seed,
        ...await benchEvolve(values.spec, Number(values.iterations ?? 100), seed),
      });
    }
    console.log(perSeedTable(runs));
    console.log(JSON.stringify({ evaluation, seeds: runs }));
    Deno.exit(0);
  }
  const evolve = await benchEvolve(values.spec, Number(values.iterations ?? 100), seeds[0]);
  console.log(
    `offline evolve, ${evolve.iterations} iterations: ${evolve.wallSeconds.toFixed(0)} s, ` +
      `${evolve.evaluationsPerMinute.toFixed(1)} evaluations/min`,
  );
  console.log(
    `  initial train ${evolve.initial.train.toFixed(4)} holdout ${
      evolve.initial.holdout.toFixed(4)
    }`,
  );
  console.log(
    `  best    train ${evolve.best.train.toFixed(4)} holdout ${
      evolve.best.holdout?.toFixed(4) ?? "—"
    } (iteration ${evolve.best.iteration})`,
  );
  console.log(`  holdout gain ${evolve.holdoutGain?.toFixed(4) ?? "—"}`);
  console.log(
    `  curve (best train): ${
      evolve.curve.map((p) => `${p.iteration}:${p.bestTrain.toFixed(4)}`).join(" ")
    }`,
  );
  console.log(
    `  stopped at: ${
      Object.entries(evolve.stoppedAt).map(([s, x]) => `${s} ${(100 * x).toFixed(0)}%`).join(", ")
    }`,
  );
  console.log(JSON.stringify({ evaluation, evolve }));
}
