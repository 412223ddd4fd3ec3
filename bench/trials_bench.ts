// Owns the trials trade-off benchmark behind EPLB's default `sandbox.trials`: for each trial count,
// repeated train evaluations of two programs with the same placements whose speeds differ a
// little (greedy, and greedy padded with ~20% extra work), alternating. Reports evaluation time
// (against trials 1 in the same run), how often the faster program is timed faster (rank
// stability), the runtime's spread over repeats, and how often the noise band calls the pair a
// tie. Run: deno run -A bench/trials_bench.ts [--trials 1,3,5] [--repeats N] [--pad N]
import { parseArgs } from "node:util";
import { createSpecEvaluator } from "../src/evaluate/mod.ts";
import {
  compareWithNoise,
  median,
  medianAbsoluteDeviation,
  noiseRuleOf,
} from "../src/evaluate/noise.ts";
import { SandboxPool } from "../src/sandbox/mod.ts";
import { compileSpec, loadSpec } from "../src/spec/mod.ts";
import type { Spec } from "../src/spec/types.ts";
import type { Evaluation, ScoredSet } from "../src/evaluate/types.ts";

/** Greedy with `pad` square roots of extra work per call: same output, a little slower. */
function padded(source: string, pad: number): string {
  const at = source.indexOf("  const layers = weight.length;");
  if (at < 0) throw new Error("bench: the greedy baseline changed; update the padding anchor");
  const work =
    `  let benchPad = 0;\n  for (let i = 0; i < ${pad}; i++) benchPad += Math.sqrt(i);\n` +
    `  if (benchPad < 0) throw new Error("never");\n`;
  return source.slice(0, at) + work + source.slice(at);
}

function trainOf(evaluation: Evaluation, name: string): ScoredSet {
  if (!evaluation.train) throw new Error(`bench: ${name} failed: ${evaluation.failure?.message}`);
  return evaluation.train;
}

/** One trial count's figures. */
export interface TrialsFigures {
  readonly trials: number;
  /** Median wall time of one train evaluation (quick + train stages), ms. */
  readonly evaluationMs: number;
  /** Share of repeats in which the padded program was timed slower. */
  readonly rankStability: number;
  /** Median runtime_ms of greedy, and its MAD over repeats relative to the median. */
  readonly runtimeMs: number;
  readonly relativeSpread: number;
  /** Share of repeats in which the noise band (noiseBand 1) called the pair a tie. */
  readonly tieShare: number;
}

/** Measures each trial count with `repeats` alternating evaluations of greedy and padded greedy. */
export async function benchTrials(
  specPath: string,
  trialCounts: readonly number[],
  repeats: number,
  pad: number,
): Promise<TrialsFigures[]> {
  const loaded = await loadSpec(specPath);
  const greedy = await Deno.readTextFile(loaded.baselines.greedy);
  const slow = padded(greedy, pad);
  const pool = await SandboxPool.start({
    size: 1,
    timeoutMs: loaded.sandbox.timeoutMs,
    memoryMb: loaded.sandbox.memoryMb,
  });
  const figures: TrialsFigures[] = [];
  try {
    for (const trials of trialCounts) {
      const spec: Spec = {
        ...loaded,
        sandbox: { ...loaded.sandbox, trials },
        cascade: { ...loaded.cascade, stages: ["quick", "train"] },
      };
      const evaluator = await createSpecEvaluator({
        spec,
        compiled: await compileSpec(spec),
        sandbox: pool,
      });
      const rule = noiseRuleOf(1, spec.metrics);
      await evaluator.evaluate(greedy); // warm
      const times: number[] = [];
      const fast: number[] = [];
      let ordered = 0;
      let ties = 0;
      for (let r = 0; r < repeats; r++) {
        const started = performance.now();
        const a = trainOf(await evaluator.evaluate(greedy), "greedy");
        times.push(performance.now() - started);
        const b = trainOf(await evaluator.evaluate(slow), "padded greedy");
        fast.push(a.metrics.runtime_ms);
        if (a.metrics.runtime_ms < b.metrics.runtime_ms) ordered++;
        if (compareWithNoise(a, b, rule) === "tie") ties++;
      }
      const runtimeMs = median(fast);
      figures.push({
        trials,
        evaluationMs: median(times),
        rankStability: ordered / repeats,
        runtimeMs,
        relativeSpread: medianAbsoluteDeviation(fast) / runtimeMs,
        tieShare: ties / repeats,
      });
    }
  } finally {
    await pool.close();
  }
  return figures;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      spec: { type: "string", default: "specs/eplb.yaml" },
      trials: { type: "string", default: "1,3,5" },
      repeats: { type: "string", default: "10" },
      pad: { type: "string", default: "200000" },
    },
  });
  const load = () => Deno.loadavg()[0].toFixed(1);
  console.log(
    `trials trade-off on ${values.spec}: greedy vs greedy + ${values.pad} sqrt per call, ` +
      `${values.repeats} repeats each, load ${load()}:`,
  );
  const figures = await benchTrials(
    values.spec,
    values.trials.split(",").map(Number),
    Number(values.repeats),
    Number(values.pad),
  );
  for (const f of figures) {
    console.log(
      `  trials ${f.trials}: train evaluation ${f.evaluationMs.toFixed(0)} ms (${
        (f.evaluationMs / figures[0].evaluationMs).toFixed(2)
      }x trials ${figures[0].trials}); faster one timed faster in ${
        (100 * f.rankStability).toFixed(0)
      }%; greedy runtime ${f.runtimeMs.toFixed(2)} ms ± ${(100 * f.relativeSpread).toFixed(0)}% ` +
        `over repeats; noise band calls it a tie in ${(100 * f.tieShare).toFixed(0)}%`,
    );
  }
  console.log(`  load ${load()}`);
  console.log(JSON.stringify({ trials: figures }));
}
