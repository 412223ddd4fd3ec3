import assert from "node:assert/strict";
import { dirname } from "node:path";
import { withRunReader } from "../../../src/evolve/database/mod.ts";
import { evaluationRate, runCharts } from "../../../src/ui/data/charts.ts";
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
    const perBucket = c.rate.bucketSeconds / 60;
    assert.equal(
      Math.round(c.rate.perMinute.reduce((a, b) => a + b * perBucket, 0)),
      evaluated,
      "every evaluation in one bucket",
    );
    assert.equal(c.rate.perMinute[0], 0, "framed by an empty bucket");
    assert.equal(c.rate.perMinute.at(-1), 0);
  });
});

Deno.test("evaluationRate() tiles a two-minute run with equal 10 s buckets, not three clock minutes", () => {
  // 10:00:50 to 10:02:50, one evaluation every 5 s: three clock minutes, two minutes of work.
  const start = Date.parse("2026-11-26T10:00:50Z");
  const times = Array.from({ length: 25 }, (_, i) => start + i * 5000);
  const r = evaluationRate(times);
  assert.equal(r.bucketSeconds, 10);
  assert.equal(r.perMinute.length, 12 + 2, "12 buckets of 10 s, framed by an empty one each side");
  assert.deepEqual(r.perMinute.slice(1, -2), new Array(11).fill(12), "12 per minute throughout");
  assert.equal(r.perMinute.reduce((a, b) => a + b * (r.bucketSeconds / 60), 0), 25);
  assert.equal(r.minute[1], start / 1000 + 5, "x is a bucket's middle, Unix seconds");
});

Deno.test("evaluationRate() keeps at most 120 buckets on a long run and one on a single evaluation", () => {
  const day = Array.from({ length: 1000 }, (_, i) => i * 86_400);
  assert.ok(evaluationRate(day).perMinute.length <= 122);
  const one = evaluationRate([Date.parse("2026-11-26T10:00:00Z")]);
  assert.deepEqual(one.perMinute, [0, 6, 0], "one evaluation in a 10 s bucket is 6 per minute");
});
