import assert from "node:assert/strict";
import { withRunReader } from "../../../src/evolve/database/mod.ts";
import { runEvents } from "../../../src/ui/data/events.ts";
import { score } from "../../../src/ui/pages/_format.ts";
import { makeFixtureRun } from "../../../bench/_fixture_run.ts";

Deno.test("runEvents() lists newest events first with one-line details, pending commands and hints", async () => {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 20, seed: 1 });
  try {
    const store = run.store;
    store.addEvent({ kind: "hint", payload: { text: "use a heap" } });
    store.addEvent({
      kind: "steer",
      payload: { kind: "inject", source: "a\nb\nc", description: "mine" },
    });
    store.addEvent({ kind: "steer", payload: { kind: "hint", text: "x".repeat(500) } });
    store.addEvent({
      kind: "duplicate-rejected",
      payload: { parentId: 1, proposer: "offline", duplicateOf: 3 },
    });
    const e = withRunReader(run.dir, (db) => runEvents(db, 100));
    const all = store.listEvents();
    assert.deepEqual(e.recent.map((v) => v.id), all.map((v) => v.id).reverse());
    assert.deepEqual(e.hints, ["use a heap"]);
    assert.deepEqual(e.pendingSteer.map((v) => v.detail.slice(0, 20)), [
      "inject 3 lines: mine",
      "hint: xxxxxxxxxxxxxx",
    ]);
    assert.ok(e.pendingSteer[1].detail.length <= 160 && e.pendingSteer[1].detail.endsWith("…"));
    const best = e.recent.find((v) => v.kind === "new-best" && v.programId === run.bestId)!;
    assert.equal(best.detail, `train ${score(run.bestTrain)}`, "scores as the pages show them");
    assert.match(e.recent.find((v) => v.kind === "migration")!.detail, /^#\d+ island 0→\d$/);
    assert.equal(e.recent.find((v) => v.kind === "stopped")!.detail, "reason: iterations");
    assert.equal(
      e.recent.find((v) => v.kind === "duplicate-rejected")!.detail,
      "repeats #3 · parent #1 · by offline",
      "not raw JSON",
    );
    assert.equal(withRunReader(run.dir, (db) => runEvents(db, 3)).recent.length, 3);
  } finally {
    run.store.close();
    await Deno.remove(root, { recursive: true });
  }
});
