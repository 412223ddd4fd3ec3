// Tests the speed-up workloads: deterministic generation, the shipped files, `cases`, rejection of
// broken files, and the array shapes the generator promises (holdout shapes that train lacks).
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cases,
  decodeWorkload,
  encodeWorkload,
  generate,
  generateWorkloads,
  type SpeedupWorkload,
  WORKLOAD_FORMAT,
} from "../../../evaluators/speedup/mod.ts";
import { countInversions } from "../../../specs/speedup/baselines/merge.ts";
import { gzip, SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/speedup/workloads/", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("speedup", { generate, decodeWorkload, built, shipped: SHIPPED });

Deno.test("cases() makes one case { xs } per array, in file order", async () => {
  const path = join(SHIPPED, "holdout", "holdout-1.json.gz");
  const bytes = await Deno.readFile(path);
  const w = await decodeWorkload(bytes, path);
  const got = await cases({ path, name: "holdout-1.json.gz", bytes });
  assert.deepEqual(got.map((c) => c.input), w.arrays.map((xs) => ({ xs })));
});

Deno.test("decodeWorkload() round-trips what encodeWorkload() writes", async () => {
  const w: SpeedupWorkload = { format: WORKLOAD_FORMAT, note: "t", arrays: [[3, 1, 2], []] };
  assert.deepEqual(await decodeWorkload(await encodeWorkload(w), "tiny"), w);
});

Deno.test("decodeWorkload() rejects broken files with a located message that says what to do", async () => {
  const file = (arrays: unknown, format: unknown = WORKLOAD_FORMAT) =>
    gzip(JSON.stringify({ format, note: "", arrays }));
  const bad: [string, Uint8Array | Promise<Uint8Array>, RegExp][] = [
    ["not gzip", new TextEncoder().encode("{}"), /not a gzip file/],
    ["not json", gzip("{oops"), /not JSON/],
    ["format", file([[1]], "eplb-workload/1"), /format is eplb-workload\/1/],
    ["empty", file([]), /arrays must be a non-empty list/],
    ["not arrays", file([[1], 2]), /arrays\[1\] is not an array/],
    ["fraction", file([[1, 2.5]]), /arrays\[0\] holds 2\.5/],
    ["too big", file([[2e9]]), /holds 2000000000; values must be integers in \[-1e9, 1e9\]/],
    ["string", file([["1"]]), /holds "1"/],
    ["too long", file([new Array(3001).fill(0)]), /arrays\[0\] holds 3001 values; at most 3000/],
  ];
  for (const [what, bytes, pattern] of bad) {
    await assert.rejects(decodeWorkload(await bytes, "w.json.gz"), (e: Error) => {
      assert.match(e.message, /^evaluators\/speedup: workload w\.json\.gz: /, what);
      assert.match(e.message, pattern, what);
      assert.match(e.message, /deno task workloads specs\/speedup\.yaml/, what);
      return true;
    });
  }
});

/** Mean share of inverted pairs, and of values equal to their successor, over a file's arrays. */
function shape(w: SpeedupWorkload): { inverted: number; ties: number } {
  let inverted = 0, ties = 0;
  for (const xs of w.arrays) {
    inverted += countInversions(xs) / (xs.length * (xs.length - 1) / 2);
    ties += xs.filter((x, i) => i > 0 && x === xs[i - 1]).length / xs.length;
  }
  return { inverted: inverted / w.arrays.length, ties: ties / w.arrays.length };
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
    for (const xs of w.arrays) assert.ok(xs.length >= 800 && xs.length <= 3000, w.note);
  }
});
