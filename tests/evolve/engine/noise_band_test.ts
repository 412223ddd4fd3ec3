// Tests that the engine tracks its best with the spec's noise band: a candidate whose train score
// is ahead by less than the two scores' spreads does not become the run's best; with
// `evolve.noiseBand: 0` it does (plain score order, as before the band).
import assert from "node:assert/strict";
import type { EvaluateOptions, Evaluation } from "../../../src/evaluate/types.ts";
import { runEngine } from "./_engine.ts";
import { FakeEvaluator, FakeProposer, program } from "../_fakes.ts";

/** The fake evaluator, with every train score carrying a spread of 0.05 (as trials > 1 give). */
class NoisyEvaluator extends FakeEvaluator {
  override async evaluate(source: string, options?: EvaluateOptions): Promise<Evaluation> {
    const evaluation = await super.evaluate(source, options);
    if (!evaluation.train) return evaluation;
    return { ...evaluation, train: { ...evaluation.train, scoreSpread: 0.05 } };
  }
}

/** Proposes a program scoring `value` (the initial program scores 1). */
const proposing = (value: number) =>
  new FakeProposer({
    script: (request) => ({
      ok: true,
      proposal: {
        source: program(value, `export const born = ${request.iteration};\n`),
        description: `value ${value}`,
        proposer: "fake:fixed",
      },
    }),
  });

Deno.test("evolve() keeps the best when a candidate is ahead by less than the noise band", async () => {
  const { result } = await runEngine({
    evaluator: new NoisyEvaluator(),
    proposer: proposing(1.04),
    evolveConfig: { iterations: 1, noiseBand: 1 },
  });
  // 1.04 - 1 = 0.04, within 1 x (0.05 + 0.05).
  assert.equal(result.best?.trainScore, 1);
});

Deno.test("evolve() takes a candidate ahead by more than the noise band as its best", async () => {
  const { result } = await runEngine({
    evaluator: new NoisyEvaluator(),
    proposer: proposing(1.2),
    evolveConfig: { iterations: 1, noiseBand: 1 },
  });
  assert.equal(result.best?.trainScore, 1.2);
});

Deno.test("evolve() with noiseBand 0 ranks by score alone, spreads or not", async () => {
  const { result } = await runEngine({
    evaluator: new NoisyEvaluator(),
    proposer: proposing(1.04),
    evolveConfig: { iterations: 1, noiseBand: 0 },
  });
  assert.equal(result.best?.trainScore, 1.04);
});
