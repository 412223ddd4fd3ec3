// Tests the transaction scheduling programs: the greedy baseline beats arrival order and the weak
// initial program on every shipped workload, and follows the policy it claims.
import assert from "node:assert/strict";
import { improvement, makespan } from "../../../evaluators/txn/mod.ts";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads } from "../../../src/workloads/mod.ts";
import { schedule as greedy, type Txn } from "../../../specs/txn/baselines/greedy.ts";
import { schedule as initial } from "../../../specs/txn/initial.ts";

const SPEC = new URL("../../../specs/txn.yaml", import.meta.url).pathname;

const txn = (duration: number, reads: number[], writes: number[]): Txn => ({
  duration,
  reads,
  writes,
});

for (const set of ["train", "holdout"] as const) {
  Deno.test(`greedy schedule() beats arrival order and the initial program on every ${set} file`, async () => {
    const files = await loadSpecWorkloads(await loadSpec(SPEC), set);
    assert.ok(files.length >= 3);
    for (const file of files) {
      const run = (fn: typeof greedy) =>
        file.cases.map((c) => {
          const { txns, workers } = c.input as { txns: Txn[]; workers: number };
          return fn(structuredClone(txns), workers);
        });
      const strong = improvement(file.cases, run(greedy));
      const weak = improvement(file.cases, run(initial));
      assert.ok(strong > 1.1, `${set}/${file.name}: greedy ${strong} barely beats arrival order`);
      assert.ok(strong > weak, `${set}/${file.name}: greedy ${strong} <= initial ${weak}`);
    }
  });
}

Deno.test("greedy schedule() dispatches a transaction that can start at once before a blocked one", () => {
  // 0 and 1 write key 1; 2 and 3 are independent. Greedy runs 2 beside 0 instead of parking 1.
  const batch = [txn(10, [], [1]), txn(10, [], [1]), txn(10, [], [2]), txn(10, [], [3])];
  const order = greedy(batch, 2);
  assert.equal(makespan(batch, 2, order), 20);
  assert.ok(order.indexOf(1) > 1, `blocked transaction dispatched too early: ${order}`);
});

Deno.test("greedy schedule() starts the longest chain of writers first among ready transactions", () => {
  // Key 5 has three writers of 10 (a 30-unit chain); two independent transactions take 12 each.
  // Longest-first would start both 12s and then run the chain alone: 12 + 30 = 42. Starting the
  // chain at once overlaps the 12s with it: 30, the lower bound.
  const batch = [
    txn(12, [], [8]),
    txn(12, [], [9]),
    txn(10, [], [5]),
    txn(10, [], [5]),
    txn(10, [], [5]),
  ];
  const order = greedy(batch, 2);
  assert.ok([2, 3, 4].includes(order[0]), `first: ${order[0]}`);
  assert.equal(makespan(batch, 2, order), 30);
  assert.equal(makespan(batch, 2, [0, 1, 2, 3, 4]), 42);
});

Deno.test("initial schedule() picks the most blocked transaction first (the weak choice it claims)", () => {
  // On 2 workers the initial program parks the blocked writer first: worse than arrival order.
  const batch = [txn(10, [], [1]), txn(10, [], [1]), txn(10, [], [2]), txn(10, [], [3])];
  const order = initial(batch, 2);
  assert.ok(makespan(batch, 2, order) > 20, `order ${order}`);
});
