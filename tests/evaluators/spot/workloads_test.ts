// Tests the spot workloads: deterministic generation, the shipped files held to the spec, bad
// episodes rejected, and the availability patterns the generator promises.
import assert from "node:assert/strict";
import { generate, generateWorkloads, type SpotEpisode } from "../../../evaluators/spot/mod.ts";
import type { CaseFile } from "../../../src/author/mod.ts";
import { isSpecError } from "../../../src/errors/mod.ts";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads, writeCaseSet } from "../../../src/workloads/mod.ts";
import { SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/spot/workloads/", import.meta.url).pathname;
const SPEC = new URL("../../../specs/spot.yaml", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("spot", { generate, built, shipped: SHIPPED });

Deno.test("shipped spot episodes load held to the spec: feasible, a flag per step", async () => {
  const holdout = await loadSpecWorkloads(await loadSpec(SPEC), "holdout");
  for (const e of holdout.flatMap((f) => f.cases.map((c) => c.input as unknown as SpotEpisode))) {
    assert.ok(e.deadline >= e.work + e.restart);
    assert.equal(e.spot.length, e.deadline);
  }
});

Deno.test("an infeasible or misshapen episode is a spec error naming the assume it breaks", async () => {
  const spec = await loadSpec(SPEC);
  const dir = await Deno.makeTempDir();
  try {
    const ep = {
      work: 2,
      deadline: 4,
      restart: 1,
      spotPrice: 0.3,
      spot: [true, false, true, true],
    };
    const cases = [{ input: { ...ep, deadline: 2, spot: [true, true] } }, {
      input: { ...ep, spot: [true] },
    }];
    await writeCaseSet(dir, "train", [["0", { cases }]]);
    const moved = { ...spec, workloads: { ...spec.workloads!, train: dir } };
    await assert.rejects(loadSpecWorkloads(moved, "train"), (e: unknown) => {
      assert.ok(isSpecError(e));
      assert.match(
        e.issues[0].message,
        /^case 0 breaks assume\[0\] `input\.deadline >= input\.work/,
      );
      assert.match(e.issues[1].message, /^case 1 breaks assume\[1\] `input\.spot\.length/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const episodes = (w: CaseFile) => w.cases.map((c) => c.input as unknown as SpotEpisode);

const share = (xs: readonly boolean[]) => xs.filter(Boolean).length / Math.max(1, xs.length);

Deno.test("generated traces show their patterns: stable vs scarce, late outage, early drought", () => {
  const spots = (w: CaseFile) => episodes(w).map((e) => e.spot);
  assert.ok(spots(built.train[0]).every((s) => share(s) > 0.7), "mostly available");
  const mean = (w: CaseFile) => spots(w).reduce((a, s) => a + share(s), 0) / w.cases.length;
  assert.ok(mean(built.train[2]) < 0.45 && mean(built.train[0]) > 0.8, "scarce vs stable");
  for (const s of spots(built.holdout[0])) {
    assert.ok(s.slice(Math.ceil(0.55 * s.length)).every((a) => !a), "no spot after 55%");
  }
  for (const s of spots(built.holdout[2])) {
    assert.ok(s.slice(0, Math.floor(0.4 * s.length)).every((a) => !a), "no spot in the first 40%");
    assert.ok(share(s.slice(Math.ceil(0.4 * s.length))) > 0.7);
  }
});
