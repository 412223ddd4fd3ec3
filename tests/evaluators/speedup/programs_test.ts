// Tests the speed-up programs: hand-computed inversion counts, agreement of the initial program and
// the merge baseline with the quadratic reference on random arrays and on every workload array.
import assert from "node:assert/strict";
import fc from "fast-check";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads } from "../../../src/workloads/mod.ts";
import { countInversions as merge } from "../../../specs/speedup/baselines/merge.ts";
import { countInversions as initial } from "../../../specs/speedup/initial.ts";
import { countInversions as reference } from "../../../specs/speedup/reference.ts";

const SPEC = new URL("../../../specs/speedup.yaml", import.meta.url).pathname;
const PROGRAMS = { reference, initial, merge };

Deno.test("countInversions() gives the hand-computed count in every program", () => {
  const known: [number[], number][] = [
    [[], 0],
    [[7], 0],
    [[2, 1], 1],
    [[3, 1, 2], 2], // (3,1) (3,2)
    [[2, 2, 1, 1], 4], // each 2 before each 1; equal values are no inversion
    [[1, 1, 1], 0],
    [[5, 4, 3, 2, 1], 10], // every pair: 5 * 4 / 2
    // 1e9 first: 3 (not the equal 1e9); -1e9: 0; 0: 1; the second 1e9: 1.
    [[1e9, -1e9, 0, 1e9, -1e9], 5],
  ];
  for (const [name, fn] of Object.entries(PROGRAMS)) {
    for (const [xs, count] of known) assert.equal(fn([...xs]), count, `${name}(${xs})`);
  }
});

Deno.test("countInversions() of the initial program and the merge baseline equal the reference on random arrays", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 300 }),
      fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }),
      (wide, ties) => {
        for (const xs of [wide, ties]) {
          const want = reference(xs);
          assert.equal(initial([...xs]), want);
          assert.equal(merge([...xs]), want);
        }
      },
    ),
    { numRuns: 100, seed: 4 },
  );
});

Deno.test("countInversions() of the initial program is right past its cutoff, where it merges", () => {
  // 5000 values exceed the initial program's cutoff (4096), so its merge path runs.
  const xs = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5003) - 2500);
  assert.equal(initial([...xs]), merge([...xs]));
  assert.equal(merge([...xs]), reference(xs));
});

Deno.test("every program agrees with the reference on every shipped workload array", async () => {
  const spec = await loadSpec(SPEC);
  for (const set of ["train", "holdout"] as const) {
    for (const file of await loadSpecWorkloads(spec, set)) {
      for (const [i, c] of file.cases.entries()) {
        const xs = (c.input as { xs: number[] }).xs;
        const want = reference(xs);
        assert.equal(merge([...xs]), want, `${set}/${file.name} case ${i}`);
        assert.equal(initial([...xs]), want, `${set}/${file.name} case ${i}`);
      }
    }
  }
});
