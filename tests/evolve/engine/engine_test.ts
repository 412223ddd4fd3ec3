import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { EvolveError, exitCodeOf } from "../../../src/errors/mod.ts";
import type { EvaluateOptions, Evaluation } from "../../../src/evaluate/types.ts";
import type { ProposalRequest } from "../../../src/evolve/records/proposal.ts";
import { FakeEvaluator, FakeProposer, program, valueOf } from "../_fakes.ts";
import { runEngine } from "./_engine.ts";

const ok = (source: string, proposer = "script") =>
  ({ ok: true, proposal: { source, description: "scripted", proposer } }) as const;

Deno.test("evolve() evaluates the initial program, then one candidate per iteration, each committed", async () => {
  const { store, evaluator, result } = await runEngine({ evolveConfig: { iterations: 6 } });
  const programs = store.listPrograms();
  assert.equal(programs.length, 7);
  assert.deepEqual(programs.map((p) => p.iteration), [0, 1, 2, 3, 4, 5, 6]);
  assert.ok(programs.every((p) => p.evaluation !== undefined));
  assert.equal(programs[0].proposer, "initial");
  assert.equal(evaluator.trainSources().length, 7);
  assert.equal(result.stopReason, "iterations");
  assert.equal(store.getRun()?.status, "finished");
  const best = Math.max(...programs.map((p) => p.evaluation!.train!.score));
  assert.equal(result.best?.trainScore, best);
  assert.deepEqual(store.listEvents().map((e) => e.kind).slice(0, 1), ["started"]);
  assert.equal(store.listEvents().at(-1)?.kind, "stopped");
  store.close();
});

Deno.test("evolve() commits each evaluation before the next one starts", async () => {
  const path = `${Deno.makeTempDirSync()}/run.db`;
  const seen: number[] = [];
  /** Looks at the database from another connection at the start of every train evaluation. */
  class Watching extends FakeEvaluator {
    override evaluate(source: string, options?: EvaluateOptions): Promise<Evaluation> {
      if (!options?.holdout) {
        const db = new DatabaseSync(path, { readOnly: true });
        seen.push((db.prepare("SELECT count(*) AS n FROM evaluations").get() as { n: number }).n);
        db.close();
      }
      return super.evaluate(source, options);
    }
  }
  const store = SqliteStore.open(path);
  await runEngine({ store, evaluator: new Watching(), evolveConfig: { iterations: 5 } });
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);
  store.close();
});

Deno.test("evolve() links each child to its parent and counts generations", async () => {
  const { store } = await runEngine({ evolveConfig: { iterations: 5 } });
  const byId = new Map(store.listPrograms().map((p) => [p.id, p]));
  for (const p of byId.values()) {
    if (p.iteration === 0) continue;
    const parent = byId.get(p.parentId!)!;
    assert.equal(p.generation, parent.generation + 1);
    assert.ok(parent.id < p.id);
  }
  store.close();
});

Deno.test("evolve() rejects a reformatted duplicate before evaluation and records the event", async () => {
  // Even iterations return the parent with different layout and a comment: same normalized hash.
  const proposer = new FakeProposer({
    script: (r) =>
      r.iteration % 2 === 0
        ? ok(`// again\n${r.parent.source.replace(/\n\s*/g, "  ")}`)
        : undefined,
  });
  const { store, evaluator, result } = await runEngine({
    proposer,
    evolveConfig: { iterations: 6 },
  });
  const dups = store.listEvents(["duplicate-rejected"]);
  assert.deepEqual(dups.map((e) => e.iteration), [2, 4, 6]);
  assert.ok(
    dups.every((e) => typeof (e.payload as { duplicateOf: number }).duplicateOf === "number"),
  );
  assert.equal(result.progress.duplicates, 3);
  assert.ok(!evaluator.trainSources().some((s) => s.includes("// again")));
  assert.equal(store.listPrograms().length, 4, "initial + 3 odd iterations");
  store.close();
});

Deno.test("evolve() never uses a failed candidate as parent or inspiration, and feeds its failure back", async () => {
  // Iteration 2 proposes a huge value that fails: if failures were selectable it would dominate.
  const proposer = new FakeProposer({
    script: (r) => r.iteration === 2 ? ok(program(1000, "// FAIL:timeout")) : undefined,
  });
  const { store, result } = await runEngine({
    proposer,
    evolveConfig: { iterations: 12, top: 3, diverse: 3 },
  });
  const failed = store.listPrograms().find((p) => p.evaluation?.ok === false)!;
  assert.equal(failed.evaluation?.failure?.category, "timeout");
  for (const r of proposer.requests) {
    assert.notEqual(r.parent.id, String(failed.id));
    assert.ok(!r.inspirations.some((i) => i.id === String(failed.id)));
  }
  const later = proposer.requests.filter((r) =>
    r.iteration > 2 && r.parent.id === String(failed.parentId)
  );
  assert.ok(later.length > 0, "the failed child's parent is selected again");
  assert.ok(later.every((r) => r.feedback[0] === "timeout: timeout: fake failure"));
  assert.ok(later.every((r) => r.failures?.[0]?.category === "timeout"));
  assert.notEqual(result.best?.id, failed.id);
  assert.deepEqual(result.progress.failures, { timeout: 1 });
  store.close();
});

Deno.test("evolve() runs holdout for every new best and never lets holdout steer selection", async () => {
  const trace = async (holdout: (v: number) => number) => {
    const h = await runEngine({
      evaluator: new FakeEvaluator({ holdout }),
      evolveConfig: { iterations: 15, islands: 2, migrationInterval: 5, features: ["code_length"] },
      finalHoldout: 0,
    });
    const parents = h.proposer.requests.map((r) => [r.parent.id, r.inspirations.map((i) => i.id)]);
    const bests = h.store.listEvents(["new-best"]).map((e) => e.programId!);
    const holdouts = bests.map((id) => h.store.getProgram(id)?.evaluation?.holdout?.result?.score);
    h.store.close();
    return {
      parents,
      bests,
      holdouts,
      sawHoldout: h.proposer.requests.some((r) => "holdout" in r),
    };
  };
  const a = await trace((v) => v - 0.1);
  const b = await trace((v) => -100 * v);
  assert.deepEqual(a.parents, b.parents, "same parents and inspirations whatever holdout says");
  assert.ok(a.bests.length >= 2);
  assert.ok(a.holdouts.every((h) => typeof h === "number"), "each new best got a holdout score");
  assert.ok(b.holdouts.every((h) => h !== undefined && h < 0));
  assert.equal(a.sawHoldout, false);
});

Deno.test("evolve() gives the best programs lacking holdout one at the end", async () => {
  const { store, evaluator } = await runEngine({
    evolveConfig: { iterations: 8 },
    finalHoldout: 4,
  });
  const ranked = store.listPrograms().filter((p) => p.evaluation?.ok)
    .sort((x, y) => y.evaluation!.train!.score - x.evaluation!.train!.score || x.id - y.id);
  assert.ok(ranked.slice(0, 4).every((p) => p.evaluation?.holdout?.result !== undefined));
  const holdoutRuns = evaluator.calls.filter((c) => c.holdout).map((c) => c.source);
  assert.equal(new Set(holdoutRuns).size, holdoutRuns.length, "no program's holdout runs twice");
  store.close();
});

Deno.test("evolve() keeps `concurrency` candidates in flight at once", async () => {
  for (const concurrency of [1, 2, 3]) {
    const evaluator = new FakeEvaluator({ delayMs: 15 });
    const { store } = await runEngine({ evaluator, concurrency, evolveConfig: { iterations: 9 } });
    assert.equal(evaluator.maxInFlight, concurrency);
    assert.equal(store.listPrograms().filter((p) => p.evaluation).length, 10);
    store.close();
  }
});

Deno.test("evolve() tells an adaptive proposer each outcome with parent and child score", async () => {
  const { proposer, store } = await runEngine({ evolveConfig: { iterations: 4 } });
  assert.equal(proposer.outcomes.length, 4);
  for (const o of proposer.outcomes) {
    assert.equal(o.childScore, valueOf(o.proposal.source));
    assert.equal(typeof o.parentScore, "number");
  }
  store.close();
});

Deno.test("evolve() migrates the best of each island to the next every migrationInterval iterations", async () => {
  const { store } = await runEngine({
    evolveConfig: { iterations: 12, islands: 3, migrationInterval: 4 },
  });
  const migrations = store.listEvents(["migration"]);
  assert.deepEqual(migrations.map((e) => e.iteration), [4, 8, 12]);
  const copies = store.listIslandCopies();
  assert.ok(copies.length > 0);
  const programs = new Map(store.listPrograms().map((p) => [p.id, p]));
  for (const copy of copies) {
    const born = programs.get(copy.programId)!.island;
    const payload = migrations.find((e) => e.iteration === copy.iteration)!.payload as {
      migrants: { programId: number; from: number; to: number }[];
    };
    const migrant = payload.migrants.find((m) =>
      m.programId === copy.programId && m.to === copy.island
    )!;
    assert.equal(migrant.to, (migrant.from + 1) % 3);
    assert.ok(
      born === migrant.from ||
        copies.some((c) => c.programId === copy.programId && c.island === migrant.from),
    );
  }
  assert.equal(store.getRun()?.lastMigration, 12);
  store.close();
});

Deno.test("evolve() works the islands in turn and draws parents from the island's own members", async () => {
  const { store, proposer } = await runEngine({ evolveConfig: { iterations: 9, islands: 3 } });
  const programs = new Map(store.listPrograms().map((p) => [String(p.id), p]));
  for (const r of proposer.requests) {
    const island = (r.iteration - 1) % 3;
    const parent = programs.get(r.parent.id)!;
    assert.ok(parent.iteration === 0 || parent.island === island, `iteration ${r.iteration}`);
  }
  store.close();
});

Deno.test("evolve() refuses to start when the initial program fails", async () => {
  const store = (await import("../../../src/evolve/database/sqlite_store.ts")).SqliteStore.open(
    ":memory:",
  );
  await assert.rejects(
    runEngine({ store, initialSource: program(1, "// FAIL:type") }),
    (e: unknown) =>
      e instanceof EvolveError && exitCodeOf(e.kind) === 1 &&
      /initial program failed.*type/.test(e.message),
  );
  assert.equal(store.getRun()?.status, "failed");
  store.close();
});

Deno.test("evolve() ends the run as failed and rethrows when the evaluator itself throws", async () => {
  const store = (await import("../../../src/evolve/database/sqlite_store.ts")).SqliteStore.open(
    ":memory:",
  );
  const evaluator = new FakeEvaluator({ throwOn: (s) => valueOf(s) !== 1 });
  await assert.rejects(
    runEngine({ store, evaluator, evolveConfig: { iterations: 5 } }),
    /sandbox broke/,
  );
  assert.equal(store.getRun()?.status, "failed");
  store.close();
});

Deno.test("evolve() records a failed proposal as feedback and goes on", async () => {
  const proposer = new FakeProposer({
    script: (r: ProposalRequest) =>
      r.iteration === 1
        ? { ok: false, reason: "diff did not apply: SEARCH text not found", proposer: "llm:x" }
        : undefined,
  });
  const { store, result } = await runEngine({
    proposer,
    evolveConfig: { iterations: 3, islands: 1 },
  });
  const failedEvents = store.listEvents(["proposal-failed"]);
  assert.equal(failedEvents.length, 1);
  assert.equal(result.progress.proposalFailures, 1);
  const next = proposer.requests.find((r) => r.iteration > 1 && r.parent.id === "1");
  assert.match(next?.feedback[0] ?? "", /proposal failed \(llm:x\): diff did not apply/);
  store.close();
});

Deno.test("evolve() reports progress after every outcome, ending with the stop reason", async () => {
  const proposer = new FakeProposer({
    script: (r) => r.iteration === 3 ? ok(program(5, "// FAIL:memory")) : undefined,
  });
  const { snapshots, store } = await runEngine({ proposer, evolveConfig: { iterations: 5 } });
  const finished = snapshots.map((s) => s.finishedIterations);
  assert.deepEqual(finished, [...finished].sort((a, b) => a - b), "never goes back");
  const last = snapshots.at(-1)!;
  assert.equal(last.stopReason, "iterations");
  assert.equal(last.finishedIterations, 6);
  assert.equal(last.totalIterations, 5);
  assert.deepEqual(last.failures, { memory: 1 });
  assert.equal(last.evaluated, 6);
  assert.equal(typeof last.bestTrain, "number");
  assert.ok(snapshots.some((s) => s.etaSeconds !== undefined));
  store.close();
});
