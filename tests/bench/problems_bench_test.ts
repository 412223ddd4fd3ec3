// Tests the problems benchmark: an offline evolution run is read back into complete figures, the
// problem's own extras come with it, and unknown problem names are refused up front.
import assert from "node:assert/strict";
import { PROBLEM_BENCHES, runProblemsBench } from "../../bench/problems_bench.ts";

Deno.test("runProblemsBench() evolves offline and reports initial, best and holdout gain", async () => {
  const [figures] = await runProblemsBench(["txn"], { iterations: 2, seed: 1 });
  assert.equal(figures.problem, "txn");
  const e = figures.evolve;
  assert.equal(e.spec, "specs/txn.yaml");
  assert.equal(e.iterations, 2);
  assert.ok(e.evaluated >= 1);
  // The initial program's own scores, as check reports them (below arrival order's 1).
  assert.ok(e.initial.train > 0 && e.initial.train < 1, JSON.stringify(e.initial));
  assert.ok(e.best.train >= e.initial.train, "best is selected on train");
  assert.equal(e.holdoutGain, e.best.holdout - e.initial.holdout);
  assert.ok(figures.extra.greedyHoldout > 1.3, JSON.stringify(figures.extra));
  assert.equal(figures.notes.length, Object.keys(figures.extra).length);
});

Deno.test("runProblemsBench() refuses unknown problems before running anything", async () => {
  await assert.rejects(
    runProblemsBench(["txn", "nope"]),
    /problems_bench: no benchmark for nope; known: .*\btxn\b/,
  );
  for (const name of ["txn", "speedup"]) assert.ok(name in PROBLEM_BENCHES, name);
});
