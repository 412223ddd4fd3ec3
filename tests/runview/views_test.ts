// Tests the views the run report and the UI both derive: best series, ancestry, stage totals,
// usage per model and the SQLite-equal sum.
import assert from "node:assert/strict";
import {
  ancestry,
  bestSeries,
  byIteration,
  stageTotals,
  sum,
  usageByModel,
} from "../../src/runview/mod.ts";

Deno.test("bestSeries() keeps each program that became best, ties going to the older one", () => {
  const points = [
    { id: 1, iteration: 0, score: 0.3 },
    { id: 3, iteration: 1, score: 0.5 },
    { id: 2, iteration: 1, score: undefined },
    { id: 4, iteration: 2, score: 0.5 },
    { id: 5, iteration: 3, score: 0.4 },
    { id: 6, iteration: 4, score: 0.7 },
  ].sort(byIteration);
  assert.deepEqual(bestSeries(points).map((p) => p.id), [1, 3, 6]);
  assert.deepEqual(bestSeries([]), []);
});

Deno.test("ancestry() walks root to program and stops at a parent cycle", () => {
  const parents = new Map([[3, 2], [2, 1]]);
  assert.deepEqual(ancestry(3, (id) => parents.get(id)), [1, 2, 3]);
  const cycle = new Map([[1, 2], [2, 1]]);
  assert.deepEqual(ancestry(1, (id) => cycle.get(id)), [2, 1]);
});

Deno.test("stageTotals() counts entries, stops and time per stage in cascade order", () => {
  const totals = stageTotals([
    [{ stage: "typecheck", ok: true, ms: 10 }, { stage: "properties", ok: false, ms: 30 }],
    [{ stage: "typecheck", ok: false, ms: 20 }],
    [
      { stage: "typecheck", ok: true, ms: 30 },
      { stage: "properties", ok: true, ms: 50 },
      { stage: "train", ok: true, ms: 100 },
    ],
  ]);
  assert.deepEqual(totals, [
    { stage: "typecheck", entered: 3, stopped: 1, totalMs: 60 },
    { stage: "properties", entered: 2, stopped: 1, totalMs: 80 },
    { stage: "train", entered: 1, stopped: 0, totalMs: 100 },
  ]);
});

Deno.test("usageByModel() sums calls, failures, tokens and cost per model, dearest first", () => {
  const call = (model: string, costUsd: number, error?: string) => ({
    model,
    inputTokens: 10,
    outputTokens: 5,
    costUsd,
    error,
  });
  assert.deepEqual(usageByModel([call("a", 0.1), call("b", 0.5), call("a", 0.2, "429")]), [
    { model: "b", calls: 1, failed: 0, inputTokens: 10, outputTokens: 5, costUsd: 0.5 },
    { model: "a", calls: 2, failed: 1, inputTokens: 20, outputTokens: 10, costUsd: 0.1 + 0.2 },
  ]);
});

Deno.test("sum() compensates rounding as SQLite's SUM() does", () => {
  assert.equal(sum(Array(12).fill(0.002)), 0.024);
  assert.notEqual(Array(12).fill(0.002).reduce((a, b) => a + b, 0), 0.024);
  assert.equal(sum([]), 0);
});
