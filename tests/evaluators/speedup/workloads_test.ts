// Tests the speed-up workloads: deterministic generation, the shipped files, `cases`, rejection of
// broken files, and the array shapes the generator promises (holdout shapes that train lacks).
import assert from "node:assert/strict";
import { generate, generateWorkloads } from "../../../evaluators/speedup/mod.ts";
import { countInversions } from "../../../specs/speedup/baselines/merge.ts";
import type { CaseFile } from "../../../src/author/mod.ts";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads } from "../../../src/workloads/mod.ts";
import { SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/speedup/workloads/", import.meta.url).pathname;
const SPEC = new URL("../../../specs/speedup.yaml", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("speedup", { generate, built, shipped: SHIPPED });

Deno.test("shipped speedup workloads load as cases { xs } held to the spec, in file order", async () => {
  const holdout = await loadSpecWorkloads(await loadSpec(SPEC), "holdout");
  assert.deepEqual(holdout.map((w) => w.cases), built.holdout.map((f) => f.cases));
});

const arrays = (w: CaseFile) => w.cases.map((c) => (c.input as { xs: number[] }).xs);

/** Mean share of inverted pairs, and of values equal to their successor, over a file's arrays. */
function shape(w: CaseFile): { inverted: number; ties: number } {
  let inverted = 0, ties = 0;
  for (const xs of arrays(w)) {
    inverted += countInversions(xs) / (xs.length * (xs.length - 1) / 2);
    ties += xs.filter((x, i) => i > 0 && x === xs[i - 1]).length / xs.length;
  }
  return { inverted: inverted / w.cases.length, ties: ties / w.cases.length };
}

Deno.test("generated arrays have the promised shapes, and holdout shapes train does not have", () => {
  const [uniform, nearlySorted, fewDistinct] = built.train.map(shape);
  const [nearlyDescending, sawtooth, extremes] = built.holdout.map(shape);
  assert.ok(Math.abs(uniform.inverted - 0.5) < 0.05, `uniform: ${uniform.inverted}`);
  assert.ok(nearlySorted.inverted < 0.05, `nearly sorted: ${nearlySorted.inverted}`);
  assert.ok(fewDistinct.ties > 0.03, `few distinct: ${fewDistinct.ties}`);
  // Nearly descending: far more inverted pairs than any train file has.
  const trainMax = Math.max(...built.train.map((w) => shape(w).inverted));
  assert.ok(nearlyDescending.inverted > 0.8 && nearlyDescending.inverted > trainMax + 0.2);
  assert.ok(sawtooth.inverted > 0.1 && sawtooth.inverted < 0.9);
  assert.ok(extremes.ties > 0.03);
  for (const w of [...built.train, ...built.holdout]) {
    for (const xs of arrays(w)) assert.ok(xs.length >= 800 && xs.length <= 3000, w.note ?? "");
  }
});
