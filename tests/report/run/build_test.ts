import assert from "node:assert/strict";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { runDbPath } from "../../../src/evolve/database/run_dir.ts";
import { EvolveError } from "../../../src/errors/mod.ts";
import { buildRunReport } from "../../../src/report/run/build.ts";
import { cascadeSavings } from "../../../src/report/run/_cascade.ts";
import type { EvaluationRecord } from "../../../src/evolve/records/mod.ts";
import { valueOf } from "../../evolve/_fakes.ts";
import { fakeRunDir } from "./_runs.ts";

let shared: Promise<string> | undefined;
/** One fake run of 12 iterations, built once for the tests that only read it. */
const run12 = () => (shared ??= fakeRunDir(12));

function report(dir: string) {
  const store = SqliteStore.open(runDbPath(dir));
  try {
    return { report: buildRunReport(store), programs: store.listPrograms() };
  } finally {
    store.close();
  }
}

Deno.test("buildRunReport() summarizes the run: info, totals, best, failures, duplicates", async () => {
  const { report: r, programs } = report(await run12());
  assert.equal(r.version, 1);
  assert.deepEqual(Object.keys(r), [
    "version",
    "generatedAt",
    "run",
    "totals",
    "initial",
    "best",
    "series",
    "failures",
    "holdout",
    "cascade",
    "proposers",
    "operators",
    "usage",
  ]);
  assert.equal(r.run.spec, "fake");
  assert.equal(r.run.status, "finished");
  assert.equal(r.run.stopReason, "iterations");
  assert.equal(r.run.sessions, 1);
  assert.equal(r.totals.iterations, 12);
  assert.equal(r.totals.programs, programs.length);
  assert.equal(r.totals.failed, 1);
  assert.equal(r.totals.duplicates, 1);
  assert.equal(r.totals.migrations > 0, true);
  const ok = programs.filter((p) => p.evaluation?.ok);
  const top = Math.max(...ok.map((p) => p.evaluation!.train!.score));
  assert.equal(r.best?.trainScore, top);
  assert.equal(r.initial?.trainScore, 1);
  assert.deepEqual(r.failures.byCategory.map((f) => [f.category, f.count]), [["invariant", 1]]);
  assert.deepEqual(r.failures.byStage, { properties: 1 });
  assert.match(r.failures.byCategory[0].example.message, /fake failure/);
});

Deno.test("buildRunReport() traces the best program's lineage with a unified diff per step", async () => {
  const { report: r } = report(await run12());
  const lineage = r.best!.lineage;
  assert.equal(lineage[0].iteration, 0);
  assert.equal(lineage[0].diff, "");
  assert.equal(lineage.at(-1)!.id, r.best!.id);
  for (let i = 1; i < lineage.length; i++) {
    const before = `-  return ${lineage[i - 1].trainScore};`;
    const after = `+  return ${lineage[i].trainScore};`;
    assert.ok(lineage[i].diff.includes(before) && lineage[i].diff.includes(after), lineage[i].diff);
    assert.match(lineage[i].diff, new RegExp(`\\+\\+\\+ program-${lineage[i].id}\\.ts`));
  }
  assert.equal(valueOf(r.best!.source), r.best!.trainScore);
});

Deno.test("buildRunReport() draws the best-so-far line and every candidate", async () => {
  const { report: r } = report(await run12());
  const best = r.series.best.map((b) => b.trainScore);
  assert.deepEqual(best, [...best].sort((a, b) => a - b));
  assert.equal(best.at(-1), r.best!.trainScore);
  assert.equal(r.series.candidates.length, r.totals.evaluated);
  assert.ok(r.series.candidates.some((c) => !c.ok && c.failure === "invariant"));
  assert.ok(r.series.best.every((b) => b.holdoutScore !== undefined), "each new best has holdout");
});

Deno.test("buildRunReport() reports the train-holdout gap of the best program", async () => {
  const { report: r } = report(await fakeRunDir(8));
  assert.ok(Math.abs(r.holdout.best!.gap - 0.1) < 1e-9, "the fake's holdout is train - 0.1");
  assert.ok(r.holdout.programs.every((p) => Math.abs(p.train - p.holdout - p.gap) < 1e-12));
});

Deno.test("buildRunReport() counts proposals, outcomes and new bests per proposer, and LLM usage", async () => {
  const { report: r } = report(await run12());
  const by = Object.fromEntries(r.proposers.map((p) => [p.proposer, p]));
  assert.equal(by["fake:bad"].failed, 1);
  assert.equal(by["fake:dup"].duplicates, 1);
  assert.equal(by["initial"].improvements, 1);
  const total = r.proposers.reduce((sum, p) => sum + p.proposals, 0);
  assert.equal(total, 13, "initial + 12 iterations, each one attempt");
  assert.equal(r.usage.llmCalls, 1);
  assert.deepEqual(r.usage.byModel.map((m) => [m.model, m.outputTokens]), [["m-1", 20]]);
});

Deno.test("cascadeSavings() costs each rejection at the mean time of the stages it skipped", () => {
  const stage = (name: "typecheck" | "properties" | "train", ms: number, ok = true) => ({
    stage: name,
    ok,
    ms,
  });
  const rec = (stages: ReturnType<typeof stage>[]): EvaluationRecord => ({
    programId: 0,
    ok: stages.every((s) => s.ok),
    stages,
    evalMs: 0,
    wallMs: 0,
    createdAt: "",
  });
  const savings = cascadeSavings([
    rec([stage("typecheck", 10), stage("properties", 100), stage("train", 1000)]),
    rec([stage("typecheck", 10), stage("properties", 300), stage("train", 3000)]),
    rec([stage("typecheck", 10, false)]),
    rec([stage("typecheck", 10), stage("properties", 200, false)]),
  ]);
  assert.deepEqual(savings.stages.map((s) => [s.stage, s.ran, s.rejected, s.savedMs]), [
    ["typecheck", 4, 1, 200 + 2000],
    ["properties", 3, 1, 2000],
    ["train", 2, 0, 0],
  ]);
  assert.equal(savings.spentMs, 40 + 600 + 4000);
  assert.equal(savings.savedMs, 4200);
  assert.ok(Math.abs(savings.savedShare - 4200 / (4640 + 4200)) < 1e-12);
});

Deno.test("buildRunReport() refuses a database without a run", () => {
  const store = SqliteStore.open(":memory:");
  assert.throws(
    () => buildRunReport(store),
    (e: unknown) => e instanceof EvolveError && /holds no run/.test(e.message),
  );
  store.close();
});
