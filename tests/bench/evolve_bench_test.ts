import assert from "node:assert/strict";
import { type EvolveFigures, perSeedTable } from "../../bench/evolve_bench.ts";

function run(seed: number, train: number, gain: number): EvolveFigures & { seed: number } {
  return {
    seed,
    iterations: 100,
    wallSeconds: 1,
    evaluationsPerMinute: 1,
    initial: { train: 0.1, holdout: 0.1 },
    best: { train, holdout: 0.1 + gain, iteration: 7 },
    holdoutGain: gain,
    curve: [],
    stoppedAt: { passed: 0.5 },
  };
}

Deno.test("perSeedTable() lists every seed and states the median best train and the seeds with a holdout gain", () => {
  const table = perSeedTable([
    run(1, 0.7, 0.2),
    run(2, 0.3, 0),
    run(3, 0.5, 0.1),
    run(4, 0.9, 0.3),
  ]);
  assert.equal(table.split("\n").filter((l) => /^\| \d /.test(l)).length, 4);
  assert.match(table, /\| 3 \| 0\.1000 \| 0\.5000 \| 0\.1000 \| 0\.2000 \| 0\.1000 \| 7 \| 50% \|/);
  assert.match(table, /median best train 0\.6000; holdout gain on 3 of 4 seeds/);
});
