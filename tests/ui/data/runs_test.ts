import assert from "node:assert/strict";
import { dirname } from "node:path";
import { join } from "node:path";
import { withRunReader } from "../../../src/evolve/database/mod.ts";
import {
  discoverRuns,
  gainOverInitial,
  isSingleRun,
  type RunSummary,
  runSummary,
  topPrograms,
} from "../../../src/ui/data/runs.ts";
import { makeFixtureRun } from "../../../bench/_fixture_run.ts";

Deno.test("discoverRuns() finds run folders newest first, or the one run it is pointed at", async () => {
  const root = await Deno.makeTempDir();
  await Deno.mkdir(join(root, "not-a-run"));
  await Deno.writeTextFile(join(root, "stray.txt"), "");
  const names = [
    "zz-2020-01-01T00-00-00",
    "aa-2030-01-01T00-00-00",
    "aa-2030-01-01T00-00-00-2",
    "hand",
  ];
  for (const name of names) {
    await Deno.mkdir(join(root, name));
    await Deno.writeTextFile(join(root, name, "run.db"), "");
  }
  try {
    assert.deepEqual(discoverRuns(root).map((r) => r.name), [
      "aa-2030-01-01T00-00-00-2",
      "aa-2030-01-01T00-00-00",
      "zz-2020-01-01T00-00-00",
      "hand",
    ]);
    assert.deepEqual(discoverRuns(join(root, "hand")).map((r) => r.name), ["hand"]);
    assert.ok(isSingleRun(join(root, "hand")));
    assert.ok(!isSingleRun(root));
    assert.deepEqual(discoverRuns(join(root, "missing")), []);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("runSummary() reads counts, best, usage, pending steer commands and a pause", async () => {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 30, seed: 4, running: true });
  const path = `${run.dir}/run.db`;
  try {
    const programs = run.store.listPrograms();
    let s = withRunReader(dirname(path), (db) => runSummary(db, run.name));
    assert.equal(s.spec, "eplb");
    assert.equal(s.status, "running");
    assert.equal(s.programs, programs.length);
    assert.equal(s.evaluated, programs.length - 1);
    assert.equal(s.ok + s.failed, s.evaluated);
    assert.equal(s.best?.id, run.bestId);
    assert.equal(s.best?.train, run.bestTrain);
    assert.equal(s.initial?.id, run.initialId);
    assert.equal(s.llmCalls, 30);
    assert.ok(Math.abs(s.costUsd - 0.06) < 1e-9);
    assert.equal(s.islands, 4);
    assert.equal(s.paused, false);
    run.store.addEvent({ kind: "steer", payload: { kind: "pause" } });
    assert.equal(withRunReader(dirname(path), (db) => runSummary(db, run.name)).pendingSteer, 1);
    run.store.takeSteerEvents();
    run.store.addEvent({ kind: "pause", payload: {} });
    s = withRunReader(dirname(path), (db) => runSummary(db, run.name));
    assert.equal(s.pendingSteer, 0);
    assert.equal(s.paused, true);
    run.store.addEvent({ kind: "resume", payload: {} });
    assert.equal(withRunReader(dirname(path), (db) => runSummary(db, run.name)).paused, false);
    const top = withRunReader(dirname(path), (db) => topPrograms(db, 5));
    assert.equal(top[0].id, run.bestId);
    assert.ok(top.every((p, i) => i === 0 || p.train! <= top[i - 1].train!));
  } finally {
    run.store.close();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("gainOverInitial() gives train and holdout gains and flags a run whose best is the initial program", async () => {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 20, seed: 4 });
  try {
    const s = withRunReader(run.dir, (db) => runSummary(db, run.name));
    assert.equal(s.targetIterations, 20, "the target from the stored config");
    const gain = gainOverInitial(s);
    assert.equal(gain.none, false);
    assert.ok(Math.abs(gain.train! - (s.best!.train! - s.initial!.train!)) < 1e-12);
    const stuck: RunSummary = { ...s, best: s.initial };
    assert.deepEqual(gainOverInitial(stuck), {
      train: 0,
      holdout: gainOverInitial(stuck).holdout,
      none: true,
    });
    const worse: RunSummary = {
      ...s,
      best: { ...s.best!, train: s.initial!.train! - 0.1 },
    };
    assert.equal(
      gainOverInitial(worse).none,
      true,
      "a best no better than the start found nothing",
    );
  } finally {
    run.store.close();
    await Deno.remove(root, { recursive: true });
  }
});
