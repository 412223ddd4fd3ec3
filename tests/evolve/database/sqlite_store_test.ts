import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { createRunDir, runDbPath } from "../../../src/evolve/database/run_dir.ts";
import { fakeEvaluation, program } from "../_fakes.ts";
import { newProgram, tempDbPath } from "./_store.ts";

const RUN = {
  specName: "fake",
  specHash: "h1",
  config: { evolve: { iterations: 3 } },
  rngState: { algorithm: "x", seed: 9 },
};

Deno.test("SqliteStore.open() uses WAL so other connections read while the engine writes", () => {
  const path = tempDbPath();
  const store = SqliteStore.open(path);
  const other = new DatabaseSync(path);
  assert.equal(
    (other.prepare("PRAGMA journal_mode").get() as { journal_mode: string }).journal_mode,
    "wal",
  );
  other.close();
  store.close();
});

Deno.test("SqliteStore round-trips the run, programs with usage, and evaluations", () => {
  const store = SqliteStore.open(":memory:");
  const run = store.createRun(RUN);
  assert.equal(run.status, "running");
  assert.deepEqual(run.rngState, RUN.rngState);
  const usage = { model: "m", inputTokens: 10, outputTokens: 5, costUsd: 0.25 };
  const p = store.addProgram(newProgram(program(1.5), { seed: 77, usage, diff: "-a\n+b" }));
  assert.equal(store.getProgram(p.id)?.evaluation, undefined, "pending before evaluation");
  store.recordEvaluation(p.id, fakeEvaluation(program(1.5), true), 12.5);
  const stored = store.getProgram(p.id)!;
  assert.deepEqual(stored.usage, usage);
  assert.equal(stored.seed, 77);
  assert.equal(stored.evaluation?.ok, true);
  assert.equal(stored.evaluation?.train?.score, 1.5);
  assert.equal(stored.evaluation?.holdout?.result?.score, 1.4, "holdout stage stored apart");
  assert.ok(stored.evaluation!.stages.every((s) => s.stage !== "holdout"));
  assert.equal(stored.evaluation?.evalMs, 24, "sum of the gating stages' ms");
  store.updateRun({ status: "finished", stopReason: "iterations", finishedAt: "2026-01-01" });
  store.updateRun({ finishedAt: null });
  assert.equal(store.getRun()?.finishedAt, undefined);
  assert.equal(store.getRun()?.stopReason, "iterations");
  store.close();
});

Deno.test("SqliteStore.recordEvaluation() is committed before it returns, visible to another connection", () => {
  const path = tempDbPath();
  const store = SqliteStore.open(path);
  store.createRun(RUN);
  const reader = new DatabaseSync(path, { readOnly: true });
  const count = () =>
    (reader.prepare("SELECT count(*) AS n FROM evaluations").get() as { n: number }).n;
  for (let i = 0; i < 3; i++) {
    const p = store.addProgram(newProgram(program(i), { iteration: i }));
    store.recordEvaluation(p.id, fakeEvaluation(program(i), false), 1);
    assert.equal(count(), i + 1);
  }
  reader.close();
  store.close();
});

Deno.test("SqliteStore refuses a second evaluation of the same program", () => {
  const store = SqliteStore.open(":memory:");
  const p = store.addProgram(newProgram(program(1)));
  store.recordEvaluation(p.id, fakeEvaluation(program(1), false), 1);
  assert.throws(() => store.recordEvaluation(p.id, fakeEvaluation(program(1), false), 1));
  assert.equal(store.listPrograms().filter((x) => x.evaluation).length, 1);
  store.close();
});

Deno.test("SqliteStore.transaction() rolls back every write when the function throws", () => {
  const store = SqliteStore.open(":memory:");
  assert.throws(() =>
    store.transaction(() => {
      store.addProgram(newProgram(program(1)));
      store.addEvent({ kind: "started", payload: {} });
      throw new Error("boom");
    }), /boom/);
  assert.equal(store.listPrograms().length, 0);
  assert.equal(store.listEvents().length, 0);
  store.close();
});

Deno.test("SqliteStore stores a failure with its category and structured detail", () => {
  const store = SqliteStore.open(":memory:");
  const source = program(1, "// FAIL:invariant");
  const p = store.addProgram(newProgram(source));
  store.recordEvaluation(p.id, fakeEvaluation(source, false), 1);
  const e = store.getProgram(p.id)!.evaluation!;
  assert.equal(e.ok, false);
  assert.equal(e.failure?.category, "invariant");
  assert.equal(e.train, undefined);
  store.close();
});

Deno.test("SqliteStore.takeSteerEvents() hands each steer command out once, in order", () => {
  const store = SqliteStore.open(":memory:");
  store.addEvent({ kind: "steer", payload: { kind: "pause" } });
  store.addEvent({ kind: "new-best", payload: {} });
  store.addEvent({ kind: "steer", payload: { kind: "resume" } });
  const taken = store.takeSteerEvents();
  assert.deepEqual(taken.map((e) => (e.payload as { kind: string }).kind), ["pause", "resume"]);
  assert.ok(taken.every((e) => e.processedAt));
  assert.deepEqual(store.takeSteerEvents(), []);
  store.close();
});

Deno.test("SqliteStore keeps LLM calls and island copies", () => {
  const store = SqliteStore.open(":memory:");
  const p = store.addProgram(newProgram(program(1)));
  const call = store.addLlmCall({
    model: "gpt",
    prompt: "p",
    response: "r",
    inputTokens: 3,
    outputTokens: 4,
    costUsd: 0.01,
    ms: 5,
    iteration: 1,
  });
  const [stored] = store.listLlmCalls();
  assert.deepEqual(
    [stored.id, stored.model, stored.prompt, stored.response, stored.costUsd, stored.iteration],
    [call.id, "gpt", "p", "r", 0.01, 1],
  );
  store.addIslandCopies([{ programId: p.id, island: 1, iteration: 5 }]);
  store.addIslandCopies([{ programId: p.id, island: 1, iteration: 6 }]); // ignored: already there
  assert.deepEqual(store.listIslandCopies(), [{ programId: p.id, island: 1, iteration: 5 }]);
  store.close();
});

Deno.test("SqliteStore stores a bigint counterexample as text rather than failing the commit", () => {
  const store = SqliteStore.open(":memory:");
  const p = store.addProgram(newProgram(program(1)));
  const failure = { category: "invariant" as const, message: "m", counterexample: { n: 10n } };
  store.recordEvaluation(p.id, { ok: false, stages: [], failure }, 1);
  assert.deepEqual(store.getProgram(p.id)?.evaluation?.failure?.counterexample, { n: "10" });
  store.close();
});

Deno.test("createRunDir() makes runs/<spec>-<time>, suffixed when taken, with a safe name", () => {
  const root = Deno.makeTempDirSync();
  const date = new Date("2026-11-26T10:00:05Z");
  const a = createRunDir(root, "eplb", date);
  const b = createRunDir(root, "eplb", date);
  assert.equal(a, `${root}/eplb-2026-11-26T10-00-05`);
  assert.equal(b, `${a}-2`);
  assert.equal(createRunDir(root, "../../etc", date), `${root}/_etc-2026-11-26T10-00-05`);
  assert.equal(runDbPath(a), `${a}/run.db`);
});
