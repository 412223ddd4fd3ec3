import assert from "node:assert/strict";
import { dirname } from "node:path";
import { withRunReader } from "../../../src/evolve/database/mod.ts";
import { runCharts } from "../../../src/ui/data/charts.ts";
import { makeFixtureRun } from "../../../bench/_fixture_run.ts";

async function fixture(fn: (path: string, run: ReturnType<typeof makeFixtureRun>) => void) {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 60, seed: 11 });
  try {
    fn(`${run.dir}/run.db`, run);
  } finally {
    run.store.close();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("runCharts() gives every evaluated candidate and a rising best line ending at the best", async () => {
  await fixture((path, run) => {
    const c = withRunReader(dirname(path), runCharts);
    const programs = run.store.listPrograms();
    const evaluated = programs.filter((p) => p.evaluation);
    assert.equal(c.candidates.id.length, evaluated.length);
    assert.deepEqual(
      [...c.candidates.iteration],
      [...c.candidates.iteration].sort((a, b) => a - b),
    );
    const ok = evaluated.filter((p) => p.evaluation!.ok).length;
    assert.equal(c.candidates.outcome.filter((o) => o === 0).length, ok);
    assert.equal(c.outcomes[0], "ok");
    for (let i = 1; i < c.best.train.length; i++) assert.ok(c.best.train[i] > c.best.train[i - 1]);
    assert.equal(c.best.id.at(-1), run.bestId);
    assert.equal(c.best.train.at(-1), run.bestTrain);
    const newBests = run.store.listEvents(["new-best"]).map((e) => e.programId);
    assert.deepEqual(
      c.best.id.slice(1),
      newBests,
      "the engine's new-best events, after the initial",
    );
    assert.ok(c.best.holdout.every((h) => typeof h === "number"), "each best got a holdout score");
  });
});

Deno.test("runCharts() funnel counts proposals, stage entries, stops and passes consistently", async () => {
  await fixture((path, run) => {
    const { funnel } = withRunReader(dirname(path), runCharts);
    const programs = run.store.listPrograms();
    const evaluated = programs.filter((p) => p.evaluation);
    const events = run.store.listEvents();
    const count = (kind: string) => events.filter((e) => e.kind === kind).length;
    assert.equal(
      funnel.proposed,
      programs.length + count("duplicate-rejected") + count("proposal-failed"),
    );
    assert.deepEqual(funnel.stages.map((s) => s.stage), [
      "typecheck",
      "properties",
      "quick",
      "train",
    ]);
    assert.equal(funnel.stages[0].entered, evaluated.length);
    const stopped = funnel.stages.reduce((sum, s) => sum + s.stopped, 0);
    assert.equal(stopped, evaluated.filter((p) => !p.evaluation!.ok).length);
    assert.equal(funnel.passed, evaluated.length - stopped);
    assert.equal(funnel.holdout, programs.filter((p) => p.evaluation?.holdout).length);
    for (let i = 1; i < funnel.stages.length; i++) {
      assert.equal(
        funnel.stages[i].entered,
        funnel.stages[i - 1].entered - funnel.stages[i - 1].stopped,
      );
    }
  });
});

Deno.test("runCharts() accumulates LLM cost and tokens and counts evaluations per minute", async () => {
  await fixture((path, run) => {
    const c = withRunReader(dirname(path), runCharts);
    const calls = run.store.listLlmCalls();
    assert.equal(c.usage.costUsd.length, calls.length);
    assert.ok(Math.abs(c.usage.costUsd.at(-1)! - calls.reduce((s, x) => s + x.costUsd, 0)) < 1e-9);
    assert.equal(
      c.usage.tokens.at(-1),
      calls.reduce((s, x) => s + x.inputTokens + x.outputTokens, 0),
    );
    assert.deepEqual(c.usage.byModel.map((m) => [m.model, m.calls]), [["gpt-test", calls.length]]);
    const evaluated = run.store.listPrograms().filter((p) => p.evaluation).length;
    assert.equal(
      c.rate.perMinute.reduce((a, b) => a + b, 0),
      evaluated,
      "a short run: 1-minute buckets",
    );
    assert.equal(c.rate.perMinute[0], 0, "framed by an empty bucket");
    assert.equal(c.rate.perMinute.at(-1), 0);
  });
});
