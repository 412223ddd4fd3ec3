import assert from "node:assert/strict";
import {
  binOf,
  checkFeatures,
  eliteCells,
  featureRanges,
  featureValue,
} from "../../../src/evolve/selection/map_elites.ts";
import { EvolveError } from "../../../src/errors/mod.ts";
import { member } from "./_members.ts";

Deno.test("binOf() splits the range into equal bins, the maximum in the last", () => {
  assert.equal(binOf(0, [0, 10], 5), 0);
  assert.equal(binOf(1.99, [0, 10], 5), 0);
  assert.equal(binOf(2, [0, 10], 5), 1);
  assert.equal(binOf(9.99, [0, 10], 5), 4);
  assert.equal(binOf(10, [0, 10], 5), 4);
});

Deno.test("binOf() puts everyone in bin 0 when all values agree", () => {
  assert.equal(binOf(3, [3, 3], 10), 0);
});

Deno.test("featureValue() reads code features from source and other names from metrics", () => {
  const m = member(1, 0.5, { code_length: 321, metrics: { balancedness: 0.8 } });
  assert.equal(featureValue(m, "code_length"), 321);
  assert.equal(featureValue(m, "balancedness"), 0.8);
  assert.equal(featureValue(m, "absent_metric"), 0);
});

Deno.test("eliteCells() places members by feature bins and keeps the best of each cell", () => {
  const members = [
    member(1, 0.1, { code_length: 100, loops: 0 }),
    member(2, 0.9, { code_length: 110, loops: 0 }), // same cell as 1, better
    member(3, 0.5, { code_length: 300, loops: 0 }),
    member(4, 0.2, { code_length: 300, loops: 4 }),
  ];
  const dims = ["code_length", "loops"];
  const ranges = featureRanges(members, dims);
  assert.deepEqual(ranges, [[100, 300], [0, 4]]);
  const cells = eliteCells(members, dims, ranges, 4);
  assert.deepEqual(
    cells.map((c) => [c.key, c.elite.id]),
    [["0,0", 2], ["3,0", 3], ["3,3", 4]],
  );
});

Deno.test("eliteCells() breaks score ties toward the older program", () => {
  const cells = eliteCells([member(7, 1), member(3, 1), member(5, 1)], [], [], 10);
  assert.equal(cells.length, 1);
  assert.equal(cells[0].key, "");
  assert.equal(cells[0].elite.id, 3);
});

Deno.test("checkFeatures() accepts code features and spec metrics, rejects anything else", () => {
  checkFeatures(["code_length", "loops", "balancedness"], ["balancedness"]);
  assert.throws(
    () => checkFeatures(["loop_count"], ["balancedness"]),
    (e: unknown) => e instanceof EvolveError && /loop_count/.test(e.message),
  );
});
