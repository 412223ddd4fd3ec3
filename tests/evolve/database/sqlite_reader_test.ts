// Tests the RunReader over SQLite: summaries agree with the full records, pages cut the same list,
// queries narrow as documented, the best_programs view ranks by the one rule, and nothing writes.
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openRunReader, runDbPath, withRunReader } from "../../../src/evolve/database/mod.ts";
import { byRank } from "../../../src/evolve/records/mod.ts";
import { makeFixtureRun } from "../../../bench/_fixture_run.ts";

async function fixture(fn: (run: ReturnType<typeof makeFixtureRun>) => void) {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 30, seed: 5 });
  try {
    fn(run);
  } finally {
    run.store.close();
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("listProgramSummaries() and listStageOutcomes() agree with listPrograms(); pages and parent queries cut the same list", async () => {
  await fixture((run) => {
    withRunReader(run.dir, (reader) => {
      const full = reader.listPrograms();
      const summaries = reader.listProgramSummaries();
      assert.deepEqual(summaries.map((s) => s.id), full.map((p) => p.id));
      for (const [i, s] of summaries.entries()) {
        const p = full[i];
        assert.equal(s.evaluation?.ok, p.evaluation?.ok);
        assert.equal(
          s.evaluation?.trainScore,
          p.evaluation?.ok ? p.evaluation.train?.score : undefined,
        );
        assert.equal(s.evaluation?.holdoutScore, p.evaluation?.holdout?.result?.score);
      }
      const outcomes = reader.listStageOutcomes();
      assert.deepEqual(
        outcomes.map((o) => o.programId),
        full.filter((p) => p.evaluation).map((p) => p.id),
      );
      for (const o of outcomes) {
        assert.deepEqual(
          o.stages,
          reader.getProgram(o.programId)!.evaluation!.stages.map((st) => ({
            stage: st.stage,
            ok: st.ok,
            ms: st.ms,
          })),
        );
      }
      const parent = full.find((p) => full.some((c) => c.parentId === p.id))!;
      assert.deepEqual(
        reader.listProgramSummaries({ parentId: parent.id }).map((c) => c.id),
        full.filter((c) => c.parentId === parent.id).map((c) => c.id),
      );
      const pages = [0, 10, 20, 30].flatMap((offset) =>
        reader.listProgramSummaries({ offset, limit: 10 })
      );
      assert.deepEqual(pages, summaries);
    });
  });
});

Deno.test("listEvents() and listLlmCalls() narrow by kind, program, newest first and page", async () => {
  await fixture((run) => {
    withRunReader(run.dir, (reader) => {
      const all = reader.listEvents();
      assert.deepEqual(
        reader.listEvents(undefined, { newestFirst: true, limit: 3 }),
        all.slice(-3).reverse(),
      );
      const best = reader.listEvents(["new-best"]);
      assert.ok(best.length > 0 && best.every((e) => e.kind === "new-best"));
      const id = best[0].programId!;
      assert.deepEqual(
        reader.listEvents(undefined, { programId: id }),
        all.filter((e) => e.programId === id),
      );
      const p = reader.getProgram(id)!;
      const calls = reader.listLlmCalls({ program: { id, iteration: p.iteration } });
      assert.ok(calls.length > 0 && calls.every((c) => c.iteration === p.iteration));
      assert.deepEqual(
        reader.listLlmUsage().map((u) => u.costUsd),
        reader.listLlmCalls().map((c) => c.costUsd),
      );
    });
  });
});

Deno.test("the best_programs view orders programs as ranksAbove does", async () => {
  await fixture((run) => {
    const ranked = withRunReader(
      run.dir,
      (reader) =>
        reader.listProgramSummaries().filter((p) => p.evaluation?.ok)
          .sort((a, b) =>
            byRank(
              { id: a.id, score: a.evaluation!.trainScore },
              { id: b.id, score: b.evaluation!.trainScore },
            )
          ).map((p) => p.id),
    );
    const db = new DatabaseSync(runDbPath(run.dir), { readOnly: true });
    try {
      const view = db.prepare("SELECT id FROM best_programs").all().map((r) => Number(r.id));
      assert.deepEqual(view, ranked);
    } finally {
      db.close();
    }
  });
});

Deno.test("openRunReader() refuses a file that is not a run database and never writes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(runDbPath(dir), "not sqlite at all");
    assert.throws(() => openRunReader(dir), /not a run database/);
    assert.equal(await Deno.readTextFile(runDbPath(dir)), "not sqlite at all");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
