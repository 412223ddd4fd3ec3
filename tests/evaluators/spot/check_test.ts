// Tests `deno task check specs/spot.yaml` as a user runs it: the spec's own programs pass every
// stage (the initial saves nothing, the baselines save a lot), and policies that can miss the
// deadline are rejected with the smallest episode that shows it.
import assert from "node:assert/strict";
import { runCheckJson } from "../../_helpers/cli.ts";

const FIXTURES = "tests/evaluators/spot/fixtures";

interface Evaluated {
  label: string;
  evaluation: {
    train?: { score: number };
    holdout?: { score: number };
    failure?: Record<string, unknown>;
  };
}

const check = (args: string[]) => runCheckJson<Evaluated>("specs/spot.yaml", args);

Deno.test("check passes the spot initial program and baselines; the baselines save cost", async () => {
  const { code, programs, out } = await check([]);
  assert.equal(code, 0, out);
  const by = Object.fromEntries(programs.map((p) => [p.label, p.evaluation]));
  assert.deepEqual(Object.keys(by), ["initial", "baseline greedy", "baseline uniform_progress"]);
  assert.equal(by.initial.train!.score, 0);
  for (const name of ["baseline greedy", "baseline uniform_progress"]) {
    assert.ok(by[name].train!.score > 0.2, `${name}: ${JSON.stringify(by[name].train)}`);
    assert.ok(by[name].holdout!.score > 0.2, `${name}: ${JSON.stringify(by[name].holdout)}`);
  }
});

Deno.test("check rejects deadline-missing policies with a shrunk episode", async () => {
  const { code, programs, out } = await check([
    "--no-holdout",
    "--program",
    `${FIXTURES}/greedy_no_safety.ts`,
    "--program",
    `${FIXTURES}/late_switch.ts`,
  ]);
  assert.equal(code, 1, out);
  const [noSafety, lateSwitch] = programs.map((p) => p.evaluation.failure!);
  for (const f of [noSafety, lateSwitch]) {
    assert.equal(f.rule, "meets-deadline");
    assert.match(String(f.doc), /by its deadline/);
  }
  // One step of work, one step of time, no spot: waiting for spot misses.
  assert.deepEqual(
    { ...noSafety.counterexample as object, spotPrice: 0 },
    { work: 1, deadline: 1, restart: 0, spotPrice: 0, spot: [false] },
  );
  assert.match(String(noSafety.output), /"finish":null/);
  // Forgetting the restart: switching with exactly the work left in time is one step late.
  const late = lateSwitch.counterexample as { work: number; deadline: number; restart: number };
  assert.deepEqual([late.work, late.restart, late.deadline], [1, 1, 2]);
});
