import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import type { Store } from "../../../src/evolve/database/store.ts";
import { evolve } from "../../../src/evolve/engine/engine.ts";
import { EvolveError, exitCodeOf } from "../../../src/errors/mod.ts";
import { iterationRng } from "../../../src/random/rng.ts";
import { FakeEvaluator, FakeProposer, fakeSpec, program, sleep } from "../_fakes.ts";
import { RESUME_SETTINGS } from "./_resume_settings.ts";
import { runEngine } from "./_engine.ts";

const CHILD = fileURLToPath(new URL("./_resume_child.ts", import.meta.url));

/** Runs the shared settings on `store` in this process (a new run, or `resume`). */
function runHere(store: Store, resume: boolean, proposer = new FakeProposer()) {
  return evolve({
    ...RESUME_SETTINGS,
    store,
    resume,
    spec: fakeSpec(RESUME_SETTINGS.evolve),
    initialSource: program(1),
    evaluator: new FakeEvaluator(),
    proposer,
  });
}

/** What must come out the same however the run got there. */
function trace(store: Store) {
  return store.listPrograms().map((p) => ({
    iteration: p.iteration,
    parentId: p.parentId,
    seed: p.seed,
    source: p.source,
    score: p.evaluation?.train?.score,
  }));
}

function evaluationRows(path: string): Map<number, string> {
  const db = new DatabaseSync(path, { readOnly: true });
  const rows = db.prepare("SELECT * FROM evaluations ORDER BY program_id").all();
  db.close();
  return new Map(rows.map((r) => [Number(r.program_id), JSON.stringify(r)]));
}

Deno.test({
  name:
    "evolve() resumes a run SIGKILLed mid-evaluation with nothing lost, nothing repeated, same RNG stream",
  sanitizeResources: false,
  fn: async () => {
    const dir = Deno.makeTempDirSync({ prefix: "specevolve-resume-" });
    const path = `${dir}/run.db`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CHILD, path, "150"],
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(child.stderr).text();
    // Wait until several evaluations are committed and one program is being evaluated.
    let killedWith: { evaluated: number; pending: number } | undefined;
    for (let waited = 0; waited < 120_000 && !killedWith; waited += 25) {
      await sleep(25);
      try {
        const db = new DatabaseSync(path, { readOnly: true });
        const row = db.prepare(
          `SELECT (SELECT count(*) FROM evaluations) AS evaluated,
                  (SELECT count(*) FROM programs p WHERE NOT EXISTS
                     (SELECT 1 FROM evaluations e WHERE e.program_id = p.id)) AS pending`,
        ).get() as { evaluated: number; pending: number };
        db.close();
        if (row.evaluated >= 4 && row.pending === 1) {
          child.kill("SIGKILL");
          killedWith = row;
        }
      } catch {
        // The child has not created the schema yet.
      }
    }
    if (!killedWith) {
      try {
        child.kill("SIGKILL");
      } catch {
        // It already exited on its own; the assertion below reports its stderr.
      }
    }
    const status = await child.status;
    assert.ok(killedWith, `the child never reached the kill point: ${await stderr}`);
    assert.equal(status.signal, "SIGKILL", await stderr);
    const before = evaluationRows(path);
    assert.equal(before.size, killedWith.evaluated);

    const store = SqliteStore.open(path);
    assert.equal(store.getRun()?.status, "running", "a killed run is left running");
    const pendingAtKill = store.listPrograms().filter((p) => !p.evaluation).map((p) => p.id);
    const result = await runHere(store, true);
    assert.equal(result.stopReason, "iterations");

    const after = evaluationRows(path);
    for (const [id, row] of before) assert.equal(after.get(id), row, `evaluation ${id} unchanged`);
    const programs = store.listPrograms();
    assert.ok(programs.every((p) => p.evaluation), "every program evaluated");
    assert.equal(after.size, programs.length, "one evaluation per program");
    assert.deepEqual(
      programs.map((p) => p.iteration).sort((a, b) => a - b),
      Array.from({ length: RESUME_SETTINGS.evolve.iterations + 1 }, (_, i) => i),
      "each iteration exactly once",
    );
    const resumed = store.listEvents(["resumed"])[0].payload as { reevaluate: number[] };
    assert.deepEqual(resumed.reevaluate, pendingAtKill, "the cut-off candidate was re-evaluated");
    for (const p of programs.filter((p) => p.iteration > 0)) {
      assert.equal(p.seed, iterationRng(RESUME_SETTINGS.seed, p.iteration).next());
    }

    // The same settings run uninterrupted give the very same programs: the stream continued.
    const fresh = SqliteStore.open(":memory:");
    await runHere(fresh, false);
    assert.deepEqual(trace(store), trace(fresh));
    fresh.close();
    store.close();
    Deno.removeSync(dir, { recursive: true });
  },
});

Deno.test("evolve() resumed after Ctrl-C ends exactly where an uninterrupted run ends", async () => {
  const controller = new AbortController();
  const store = SqliteStore.open(":memory:");
  const aborting = new FakeProposer({
    script: (r) => {
      if (r.iteration === 6) controller.abort();
      return undefined;
    },
  });
  const first = await evolve({
    ...RESUME_SETTINGS,
    store,
    spec: fakeSpec(RESUME_SETTINGS.evolve),
    initialSource: program(1),
    evaluator: new FakeEvaluator(),
    proposer: aborting,
    signal: controller.signal,
  });
  assert.equal(first.stopReason, "aborted");
  await runHere(store, true);
  const fresh = SqliteStore.open(":memory:");
  await runHere(fresh, false);
  assert.deepEqual(trace(store), trace(fresh));
  store.close();
  fresh.close();
});

Deno.test("evolve() re-proposes an iteration whose proposal was cut off, with the same seed", async () => {
  const path = `${Deno.makeTempDirSync()}/run.db`;
  let store = SqliteStore.open(path);
  await runHere(store, false);
  store.close();
  // A crash with two candidates in flight can store iteration k + 1 while k's proposal is lost.
  // Recreate that: remove a childless program from the middle of the run.
  const db = new DatabaseSync(path);
  const lost = db.prepare(
    `SELECT id, iteration, seed FROM programs p WHERE iteration BETWEEN 1 AND 12
       AND NOT EXISTS (SELECT 1 FROM programs c WHERE c.parent_id = p.id) ORDER BY iteration DESC`,
  ).get() as { id: number; iteration: number; seed: number };
  for (const table of ["island_copies", "evaluations"]) {
    db.prepare(`DELETE FROM ${table} WHERE program_id = ?`).run(lost.id);
  }
  db.prepare("DELETE FROM programs WHERE id = ?").run(lost.id);
  db.close();

  store = SqliteStore.open(path);
  const proposer = new FakeProposer();
  await runHere(store, true, proposer);
  const resumed = store.listEvents(["resumed"])[0].payload as { repropose: number[] };
  assert.deepEqual(resumed.repropose, [lost.iteration]);
  assert.deepEqual(proposer.requests.map((r) => [r.iteration, r.seed]), [[
    lost.iteration,
    lost.seed,
  ]]);
  const again = store.listPrograms().filter((p) => p.iteration === lost.iteration);
  assert.equal(again.length, 1);
  assert.ok(again[0].evaluation);
  store.close();
});

Deno.test("evolve() refuses to resume when the spec changed, unless forced", async () => {
  const store = SqliteStore.open(":memory:");
  await runEngine({ store, evolveConfig: { iterations: 2 } });
  const resume = (force: boolean) =>
    evolve({
      store,
      resume: true,
      force,
      spec: fakeSpec({ iterations: 4 }, "hash-2"),
      initialSource: program(1),
      evaluator: new FakeEvaluator(),
      proposer: new FakeProposer(),
    });
  await assert.rejects(
    resume(false),
    (e: unknown) =>
      e instanceof EvolveError && exitCodeOf(e.kind) === 64 && /spec changed/.test(e.message) &&
      /--force/.test(e.message),
  );
  const result = await resume(true);
  assert.equal(result.stopReason, "iterations");
  assert.equal(store.getRun()?.specHash, "hash-2");
  const resumed = store.listEvents(["resumed"]).at(-1)!.payload as {
    forced: boolean;
    previousSpecHash: string;
  };
  assert.deepEqual([resumed.forced, resumed.previousSpecHash], [true, "hash-1"]);
  assert.equal(store.listPrograms().length, 5);
  store.close();
});

Deno.test("evolve() refuses a new run on a store that holds one, and a resume of an empty store", async () => {
  const store = SqliteStore.open(":memory:");
  await assert.rejects(runHere(store, true), /holds no run/);
  await runHere(store, false);
  await assert.rejects(runHere(store, false), /already holds a run/);
  store.close();
});

Deno.test("evolve() continues a finished run when resumed with more iterations", async () => {
  const store = SqliteStore.open(":memory:");
  await runEngine({ store, evolveConfig: { iterations: 3 } });
  const { result } = await runEngine({ store, resume: true, evolveConfig: { iterations: 6 } });
  assert.equal(result.stopReason, "iterations");
  assert.deepEqual(store.listPrograms().map((p) => p.iteration), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(store.getRun()?.status, "finished");
  store.close();
});

Deno.test("evolve() on resume keeps the stored limits over the spec's, and records an override as an event", async () => {
  const store = SqliteStore.open(":memory:");
  // The spec says 10 iterations; the run starts with 3 and a plateau of 50.
  const first = await runEngine({ store, iterations: 3, plateau: 50 });
  assert.equal(first.result.stopReason, "iterations");
  const count = store.listPrograms().length;

  const again = await runEngine({ store, resume: true });
  assert.equal(again.result.stopReason, "iterations");
  assert.equal(store.listPrograms().length, count, "no iteration past the stored limit of 3");
  assert.deepEqual(store.listEvents(["override"]), []);

  await runEngine({ store, resume: true, iterations: 5 });
  assert.equal(Math.max(...store.listPrograms().map((p) => p.iteration)), 5);
  const overrides = store.listEvents(["override"]);
  assert.equal(overrides.length, 1);
  assert.deepEqual(overrides[0].payload, { changes: { iterations: { from: 3, to: 5 } } });
  const config = store.getRun()!.config as { evolve: { iterations: number; plateau: number } };
  assert.deepEqual([config.evolve.iterations, config.evolve.plateau], [5, 50]);
  store.close();
});
