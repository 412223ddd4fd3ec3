import assert from "node:assert/strict";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { withRunReader } from "../../../src/evolve/database/mod.ts";
import { lineageData } from "../../../src/ui/data/lineage.ts";
import { makeFixtureRun } from "../../../bench/_fixture_run.ts";

Deno.test("lineageData() links each program to its parent and walks the best path from the root", async () => {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 50, seed: 5, running: true });
  try {
    const l = withRunReader(run.dir, lineageData);
    const programs = run.store.listPrograms();
    assert.deepEqual(l.id, programs.map((p) => p.id));
    programs.forEach((p, i) => {
      assert.equal(l.parent[i] === -1 ? undefined : l.id[l.parent[i]], p.parentId);
      assert.equal(l.state[i], !p.evaluation ? -1 : p.evaluation.ok ? 1 : 0);
      assert.equal(l.proposers[l.proposer[i]], p.proposer);
    });
    assert.equal(l.state.at(-1), -1, "the last program is still being evaluated");
    assert.equal(l.bestPath[0], run.initialId);
    assert.equal(l.bestPath.at(-1), run.bestId);
    for (let k = 1; k < l.bestPath.length; k++) {
      assert.equal(programs.find((p) => p.id === l.bestPath[k])!.parentId, l.bestPath[k - 1]);
    }
    assert.equal(l.islands, 4);
  } finally {
    run.store.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("lineageData() terminates on a hand-edited file with a parent cycle", async () => {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 6, seed: 2 });
  run.store.close();
  const path = `${run.dir}/run.db`;
  const db = new DatabaseSync(path);
  db.exec("PRAGMA foreign_keys = OFF");
  db.exec(`UPDATE programs SET parent_id = ${run.bestId} WHERE id = ${run.initialId}`);
  db.close();
  try {
    const l = withRunReader(dirname(path), lineageData);
    assert.ok(l.bestPath.length <= l.id.length + 1);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
