// Tests the spot workloads: deterministic generation, the shipped files, `cases`, rejection of
// broken files, and the availability patterns the generator promises.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  cases,
  decodeWorkload,
  encodeWorkload,
  generate,
  generateWorkloads,
  type SpotWorkload,
  WORKLOAD_FORMAT,
} from "../../../evaluators/spot/mod.ts";
import { gzip, SHIPPED_SEED, testWorkloadGenerator } from "../../_helpers/workload_generators.ts";

const SHIPPED = new URL("../../../specs/spot/workloads/", import.meta.url).pathname;
const built = generateWorkloads(SHIPPED_SEED);

testWorkloadGenerator("spot", { generate, decodeWorkload, built, shipped: SHIPPED });

Deno.test("cases() makes one feasible episode per job", async () => {
  const path = join(SHIPPED, "holdout", "holdout-0.json.gz");
  const bytes = await Deno.readFile(path);
  const w = await decodeWorkload(bytes, path);
  const got = await cases({ path, name: "holdout-0.json.gz", bytes });
  assert.deepEqual(got.map((c) => c.input), w.episodes);
  for (const e of w.episodes) {
    assert.ok(e.deadline >= e.work + e.restart);
    assert.equal(e.spot.length, e.deadline);
  }
});

Deno.test("decodeWorkload() round-trips and rejects broken files saying how to regenerate", async () => {
  const ep = { work: 2, deadline: 4, restart: 1, spotPrice: 0.3, spot: [true, false, true, true] };
  const tiny = { format: WORKLOAD_FORMAT, note: "", episodes: [ep] };
  assert.deepEqual(await decodeWorkload(await encodeWorkload(tiny as SpotWorkload), "t"), tiny);
  const bad: [unknown, RegExp][] = [
    [{ ...tiny, format: "x/1" }, /format is x\/1/],
    [{ ...tiny, episodes: [] }, /episodes must be a non-empty list/],
    [{ ...tiny, episodes: [{ ...ep, deadline: 2 }] }, /deadline must be .*feasible on demand/],
    [{ ...tiny, episodes: [{ ...ep, spot: [true] }] }, /spot must be a list of deadline booleans/],
    [{ ...tiny, episodes: [{ ...ep, spotPrice: 0 }] }, /spotPrice must be a number in \(0, 1\]/],
  ];
  for (const [data, pattern] of bad) {
    await assert.rejects(decodeWorkload(await gzip(JSON.stringify(data)), "w"), (e: Error) => {
      assert.match(e.message, pattern);
      assert.match(
        e.message,
        /^evaluators\/spot: workload w: .*deno task workloads specs\/spot\.yaml/,
      );
      return true;
    });
  }
});

const share = (xs: readonly boolean[]) => xs.filter(Boolean).length / Math.max(1, xs.length);

Deno.test("generated traces show their patterns: stable vs scarce, late outage, early drought", () => {
  const spots = (w: SpotWorkload) => w.episodes.map((e) => e.spot);
  assert.ok(spots(built.train[0]).every((s) => share(s) > 0.7), "mostly available");
  const mean = (w: SpotWorkload) => spots(w).reduce((a, s) => a + share(s), 0) / w.episodes.length;
  assert.ok(mean(built.train[2]) < 0.45 && mean(built.train[0]) > 0.8, "scarce vs stable");
  for (const s of spots(built.holdout[0])) {
    assert.ok(s.slice(Math.ceil(0.55 * s.length)).every((a) => !a), "no spot after 55%");
  }
  for (const s of spots(built.holdout[2])) {
    assert.ok(s.slice(0, Math.floor(0.4 * s.length)).every((a) => !a), "no spot in the first 40%");
    assert.ok(share(s.slice(Math.ceil(0.4 * s.length))) > 0.7);
  }
});
