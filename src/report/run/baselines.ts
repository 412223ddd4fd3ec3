// Owns the baselines of a run: the spec's `baselines` programs evaluated (train and holdout) at the
// end of `evolve`, kept in baselines.json beside the run database, and shown beside the best.
import { join } from "node:path";
import type { Evaluator } from "../../evaluate/types.ts";
import type { Spec } from "../../spec/types.ts";
import type { BaselineScore } from "./model.ts";

const BASELINES_FILE = "baselines.json";

/** Evaluates every baseline the spec names, with holdout; a failing one is reported, not fatal. */
export async function evaluateBaselines(
  spec: Spec,
  evaluator: Evaluator,
): Promise<BaselineScore[]> {
  const scores: BaselineScore[] = [];
  for (const [name, path] of Object.entries(spec.baselines)) {
    const evaluation = await evaluator.evaluate(await Deno.readTextFile(path), { holdout: true });
    scores.push({
      name,
      ok: evaluation.ok,
      ...(evaluation.train ? { trainScore: evaluation.train.score } : {}),
      ...(evaluation.holdout ? { holdoutScore: evaluation.holdout.score } : {}),
      ...(evaluation.failure ? { failure: evaluation.failure.message } : {}),
    });
  }
  return scores;
}

/** Writes `scores` to the run directory's baselines.json. */
export async function writeBaselines(runDir: string, scores: readonly BaselineScore[]) {
  await Deno.writeTextFile(join(runDir, BASELINES_FILE), JSON.stringify(scores, null, 2) + "\n");
}

/** The baselines recorded for a run, or undefined when it has none (or none yet). */
export async function readBaselines(runDir: string): Promise<BaselineScore[] | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(join(runDir, BASELINES_FILE))) as BaselineScore[];
  } catch {
    return undefined;
  }
}
