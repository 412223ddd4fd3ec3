// Tests the transaction scheduling model against hand-computed schedules: conflicts, in-order
// dispatch to the first free worker, the lower bound, and the metrics' handling of bad orders.
import assert from "node:assert/strict";
import type { WorkloadCase } from "../../../src/evaluate/types.ts";
import {
  boundRatio,
  caseContext,
  improvement,
  lowerBound,
  makespan,
  type Txn,
} from "../../../evaluators/txn/mod.ts";

const txn = (duration: number, reads: number[], writes: number[]): Txn => ({
  duration,
  reads,
  writes,
});

// Key 7 is written by 0 and 2 and read by 1; 3 touches other keys only.
const HOT: Txn[] = [txn(4, [], [7]), txn(2, [7], []), txn(3, [1], [7]), txn(5, [2], [3])];

Deno.test("makespan() follows the model step by step on a hand-computed batch", () => {
  // Arrival order on 2 workers: 0 on w0 [0,4]; 1 on w1 waits for writer 0: [4,6]; 2 on w0 (free
  // at 4) waits for reader 1: [6,9]; 3 on w1 (free at 6): [6,11].
  assert.equal(makespan(HOT, 2, [0, 1, 2, 3]), 11);
  // 3 first: 3 on w0 [0,5]; 0 on w1 [0,4]; 1 on w1 [4,6]; 2 on w0 (free at 5) waits for 1: [6,9].
  assert.equal(makespan(HOT, 2, [3, 0, 1, 2]), 9);
  // Reader 1 before both writers: 1 [0,2] w0; 0 waits for it on w1: [2,6]; 2 on w0: [6,9];
  // 3 on w1 (free at 6): [6,11].
  assert.equal(makespan(HOT, 2, [1, 0, 2, 3]), 11);
  // One worker runs everything back to back, whatever the order.
  assert.equal(makespan(HOT, 1, [3, 2, 1, 0]), 14);
});

Deno.test("makespan() lets readers share a key and makes a writer wait for every earlier reader", () => {
  assert.equal(makespan([txn(5, [1], []), txn(3, [1], [])], 2, [0, 1]), 5);
  // The writer waits for both readers (finishing at 5 and 1), not just the last one dispatched.
  const batch = [txn(5, [5], []), txn(1, [5], []), txn(1, [], [5])];
  assert.equal(makespan(batch, 3, [0, 1, 2]), 6);
  // A reader after a writer waits for it; a later writer waits for that reader.
  assert.equal(makespan([txn(2, [], [9]), txn(3, [9], []), txn(1, [], [9])], 3, [0, 1, 2]), 6);
});

Deno.test("makespan() treats a key that is read and written as written", () => {
  // Both read key 1, but the first also writes it: they conflict.
  assert.equal(makespan([txn(2, [1], [1]), txn(2, [1], [])], 2, [0, 1]), 4);
  // Without the write they would overlap.
  assert.equal(makespan([txn(2, [1], []), txn(2, [1], [])], 2, [0, 1]), 2);
});

Deno.test("makespan() holds the worker of a blocked transaction idle (in-order dispatch)", () => {
  // 0 and 1 write key 1; 2 and 3 are independent. In arrival order on 2 workers, 1 waits on w1
  // until 0 finishes at 10, so 2 takes w0 at 10 and 3 waits until 20: makespan 30.
  const batch = [txn(10, [], [1]), txn(10, [], [1]), txn(10, [], [2]), txn(10, [], [3])];
  assert.equal(makespan(batch, 2, [0, 1, 2, 3]), 30);
  // Dispatching 2 before the blocked 1 uses w1 while 0 runs: 0 | 2, then 1 | 3.
  assert.equal(makespan(batch, 2, [0, 2, 1, 3]), 20);
  // A third worker absorbs the idle wait; on a tie of free times the lowest index is taken.
  assert.equal(makespan(batch, 3, [0, 1, 2, 3]), 20);
});

Deno.test("makespan() is NaN for anything that is not a permutation of the batch", () => {
  for (
    const bad of [[0, 1, 2], [0, 1, 2, 2], [0, 1, 2, 4], [0, 1, 2, -3], [0, 1, 2, 3.5], "0123"]
  ) {
    assert.ok(Number.isNaN(makespan(HOT, 2, bad)), JSON.stringify(bad));
  }
  assert.ok(Number.isNaN(makespan(HOT, 0, [0, 1, 2, 3])), "no workers");
  assert.equal(makespan([], 3, []), 0);
});

Deno.test("lowerBound() takes the largest of longest transaction, work per worker, write chain", () => {
  // Longest 5; total 14 over 2 workers 7; writers of key 7: 4 + 3 = 7.
  assert.equal(lowerBound(HOT, 2), 7);
  assert.equal(lowerBound(HOT, 8), 7);
  assert.equal(lowerBound(HOT, 1), 14);
  assert.equal(lowerBound([txn(9, [], []), txn(1, [], [])], 4), 9);
  // A key listed twice in one transaction's writes counts its duration once.
  assert.equal(lowerBound([txn(3, [], [4, 4]), txn(2, [], [4])], 8), 5);
  // Every order respects the bound: the best of all 24 orders of HOT on 2 workers is 9 >= 7.
  assert.equal(Math.min(...permutations(4).map((o) => makespan(HOT, 2, o))), 9);
});

Deno.test("improvement() and boundRatio() average per-batch ratios; a malformed order scores 0", () => {
  const one: WorkloadCase = { input: { txns: HOT, workers: 2 }, context: caseContext(HOT, 2) };
  const empty: WorkloadCase = { input: { txns: [], workers: 2 }, context: caseContext([], 2) };
  assert.deepEqual(caseContext(HOT, 2), { arrivalMakespan: 11, lowerBound: 7 });
  assert.equal(improvement([one], [[3, 0, 1, 2]]), 11 / 9);
  assert.equal(improvement([one], [[0, 1, 2, 3]]), 1);
  assert.equal(boundRatio([one], [[3, 0, 1, 2]]), 7 / 9);
  assert.equal(improvement([one, one], [[3, 0, 1, 2], [0, 1, 2]]), 11 / 9 / 2);
  assert.equal(improvement([one], [null]), 0);
  assert.equal(improvement([empty], [[]]), 1, "an empty batch neither gains nor loses");
});

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)])
  );
}
