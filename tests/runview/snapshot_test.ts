// Tests the per-request view of a run: whole-list reads happen once, narrowed reads pass through.
import assert from "node:assert/strict";
import type { RunReader } from "../../src/evolve/database/store.ts";
import { withRunReader } from "../../src/evolve/database/mod.ts";
import { memoizedReader } from "../../src/runview/mod.ts";
import { makeFixtureRun } from "../../bench/_fixture_run.ts";

/** `reader` with a count of the calls of each method. */
function counted(reader: RunReader, calls: Map<string, number>): RunReader {
  return new Proxy(reader, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.set(String(key), (calls.get(String(key)) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
}

Deno.test("memoizedReader() reads each whole list once and passes narrowed reads through", async () => {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 12, seed: 4 });
  run.store.close();
  try {
    withRunReader(run.dir, (reader) => {
      const calls = new Map<string, number>();
      const memo = memoizedReader(counted(reader, calls));
      const first = memo.listProgramSummaries();
      assert.equal(memo.listProgramSummaries(), first);
      memo.listStageOutcomes();
      memo.listStageOutcomes();
      memo.listLlmUsage();
      memo.listLlmUsage();
      assert.deepEqual(
        memo.listProgramSummaries({ parentId: run.initialId }).map((p) => p.parentId)
          .every((id) => id === run.initialId),
        true,
      );
      memo.listProgramSummaries({ limit: 2 });
      assert.equal(calls.get("listProgramSummaries"), 3, "one whole read, two narrowed ones");
      assert.equal(calls.get("listStageOutcomes"), 1);
      assert.equal(calls.get("listLlmUsage"), 1);
      assert.deepEqual(first, reader.listProgramSummaries());
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
