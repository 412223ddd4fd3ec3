// Tests a closed-loop spec end to end through `deno task check` and the real sandbox: the correct
// program passes, a forgetful one breaks a rule on the episode result, and one whose step output
// breaks the step schema is invalid-output; both with a shrunk episode.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../_helpers/cli.ts";

const SPEC = "tests/fixtures/specs/running_sum.yaml";
const DIR = "tests/fixtures/specs/running_sum";

Deno.test("check drives a closed-loop candidate step by step and shrinks failing episodes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runMain([
      "check",
      SPEC,
      "--program",
      `${DIR}/initial.ts`,
      "--program",
      `${DIR}/forgetful.ts`,
      "--program",
      `${DIR}/bad_step.ts`,
      "--json",
      join(dir, "r.json"),
    ]);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const report = JSON.parse(await Deno.readTextFile(join(dir, "r.json")));
    const [good, forgetful, badStep] = report.programs.map(
      (p: { evaluation: { ok: boolean; failure?: Record<string, unknown> } }) => p.evaluation,
    );
    assert.equal(good.ok, true, JSON.stringify(good));
    assert.equal(forgetful.failure.rule, "running-sum");
    assert.deepEqual(forgetful.failure.counterexample, { xs: [1, 0] });
    assert.equal(forgetful.failure.output, '{"sums":[1,0]}');
    assert.equal(badStep.failure.category, "invalid-output");
    assert.match(
      badStep.failure.message,
      /step 1: .*interaction\.step\.output schema: \/sum must be integer/,
    );
    assert.deepEqual(badStep.failure.counterexample, { xs: [0, 0] });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
