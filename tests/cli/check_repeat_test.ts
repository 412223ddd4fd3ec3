// Tests `check --repeat N`: the whole evaluation runs N times and each metric's spread over the
// runs is printed and written to the JSON report; a bad count is a usage error.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../_helpers/cli.ts";

const SPEC = "tests/fixtures/specs/knob_timed.yaml";

Deno.test("check --repeat 3 prints and reports each metric's spread over three evaluations", async () => {
  const dir = await Deno.makeTempDir();
  const json = join(dir, "r.json");
  const r = await runMain(["check", SPEC, "--repeat", "3", "--json", json]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /over 3 evaluations \(median ± MAD \[min, max\]\):/);
  for (const set of ["train", "holdout"]) {
    for (const name of ["score", "error", "runtime_ms"]) {
      assert.match(r.stdout, new RegExp(`${set} +${name} +\\S+ ± \\S+ +\\[\\S+, \\S+\\]`));
    }
  }
  assert.match(r.stdout, /train +score spread +\S+ within one evaluation \(trials\)/);
  const repeat = JSON.parse(await Deno.readTextFile(json)).programs[0].repeat;
  assert.equal(repeat.runs, 3);
  const runtime = repeat.train.runtime_ms;
  assert.ok(
    runtime.min <= runtime.median && runtime.median <= runtime.max,
    JSON.stringify(runtime),
  );
  assert.ok(runtime.mad >= 0);
  // The error metric is deterministic: no spread at all.
  assert.deepEqual(repeat.train.error, { median: 8.25, mad: 0, min: 8.25, max: 8.25 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("check without --repeat prints no spread block", async () => {
  const r = await runMain(["check", SPEC, "--no-holdout"]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.doesNotMatch(r.stdout, /over \d+ evaluations/);
});

Deno.test("check --repeat 0 is a usage error", async () => {
  const r = await runMain(["check", SPEC, "--repeat", "0"]);
  assert.equal(r.code, 64, r.stderr + r.stdout);
  assert.match(r.stderr, /--repeat must be at least 1, got 0/);
});
