// Tests the EPLB load model: hand-computed balance factors, and that malformed or load-dropping
// placements can never score as balanced.
import assert from "node:assert/strict";
import type { WorkloadCase } from "../../../src/evaluate/types.ts";
import { balancedness, nodeBalancedness, placementBalance } from "../../../evaluators/eplb/mod.ts";

/** 4 experts, next-window load [4, 2, 1, 1], 2 nodes x 2 GPUs = 4 GPUs. */
const shape = { numReplicas: 8, numNodes: 2, numGpus: 4 };
const next = [[4, 2, 1, 1]];

Deno.test("placementBalance() is avg / max GPU load with one replica per expert", () => {
  // 1 slot per GPU: GPU loads 4, 2, 1, 1 -> avg 2, max 4.
  const got = placementBalance(
    { numReplicas: 4, numNodes: 2, numGpus: 4 },
    next,
    [[0, 1, 2, 3]],
    "gpu",
  );
  assert.equal(got, 0.5);
});

Deno.test("placementBalance() splits an expert's load evenly over its replicas", () => {
  // Expert 0 has 4 replicas (1 each), expert 1 two (1 each), 2 and 3 one each (1 each):
  // every slot carries 1, each GPU (2 slots) carries 2 -> perfectly balanced.
  const phy2log = [[0, 0, 0, 0, 1, 1, 2, 3]];
  assert.equal(placementBalance(shape, next, phy2log, "gpu"), 1);
});

Deno.test("placementBalance() places slot p on GPU floor(p / slotsPerGpu)", () => {
  // GPUs hold slots 0 0 | 1 2 | 3 1 | 1 1; expert 0 has 2 replicas (2 each), expert 1 four (0.5).
  // GPU0 = 2 + 2 = 4, GPU1 = 0.5 + 1 = 1.5, GPU2 = 1 + 0.5 = 1.5, GPU3 = 1: avg 2, max 4.
  const phy2log = [[0, 0, 1, 2, 3, 1, 1, 1]];
  assert.equal(placementBalance(shape, next, phy2log, "gpu"), 0.5);
  // Nodes hold GPUs {0,1} = 5.5 and {2,3} = 2.5: avg 4, max 5.5.
  assert.equal(placementBalance(shape, next, phy2log, "node"), 4 / 5.5);
});

Deno.test("placementBalance() averages over layers and scores a layer without load as 1", () => {
  const load = [[4, 2, 1, 1], [0, 0, 0, 0]];
  const phy2log = [[0, 1, 2, 3], [0, 1, 2, 3]];
  const got = placementBalance({ numReplicas: 4, numNodes: 2, numGpus: 4 }, load, phy2log, "gpu");
  assert.equal(got, (0.5 + 1) / 2);
});

Deno.test("placementBalance() scores 0 for a layer that drops a loaded expert", () => {
  // Expert 3 (load 1) has no replica: its tokens would be dropped, so the layer must not count.
  const phy2log = [[0, 0, 0, 0, 1, 1, 2, 2]];
  assert.equal(placementBalance(shape, next, phy2log, "gpu"), 0);
  // Dropping an expert that receives no load drops nothing.
  assert.ok(placementBalance(shape, [[4, 2, 1, 0]], phy2log, "gpu") > 0);
});

Deno.test("placementBalance() scores 0 for malformed placements", () => {
  const bad: unknown[] = [
    undefined,
    "nope",
    [[0, 0, 0, 0, 1, 1, 2]], // one slot short
    [[0, 0, 0, 0, 1, 1, 2, 3, 3]], // one slot too many
    [[0, 0, 0, 0, 1, 1, 2, 4]], // not an expert
    [[0, 0, 0, 0, 1, 1, 2, -1]],
    [[0, 0, 0, 0, 1, 1, 2, 2.5]],
    [[0, 0, 0, 0, 1, 1, 2, "3"]],
    [], // layer missing
  ];
  for (const phy2log of bad) {
    assert.equal(placementBalance(shape, next, phy2log, "gpu"), 0, JSON.stringify(phy2log));
  }
});

function eplbCase(weight: number[][], nextLoad: number[][]): WorkloadCase {
  return { input: { weight, ...shape, numGroups: 2 }, context: { next: nextLoad } };
}

Deno.test("balancedness() scores each output on its case's next window and averages over cases", () => {
  const cases = [eplbCase([[1, 1, 1, 1]], next), eplbCase(next, [[1, 1, 1, 1]])];
  const outputs = [
    { phy2log: [[0, 0, 0, 0, 1, 1, 2, 3]], log2phy: [], logcnt: [] }, // 1 on `next`
    { phy2log: [[0, 1, 2, 3, 0, 1, 2, 3]], log2phy: [], logcnt: [] }, // 1 on uniform load
  ];
  assert.equal(balancedness(cases, outputs), 1);
  // Swapped, each placement meets the other window.
  // Uniform placement on `next`: GPU loads 2 + 1, 0.5 + 0.5, 2 + 1, 0.5 + 0.5 -> avg 2, max 3.
  // Skewed placement on uniform load: GPU0 = 0.5, GPU1 = 0.5, GPU2 = 1, GPU3 = 2 -> avg 1, max 2.
  assert.equal(balancedness(cases, [outputs[1], outputs[0]]), (2 / 3 + 1 / 2) / 2);
});

Deno.test("balancedness() ignores logcnt: replica counts come from phy2log", () => {
  const cases = [eplbCase(next, next)];
  const honest = { phy2log: [[0, 1, 2, 3, 0, 1, 2, 3]], logcnt: [[2, 2, 2, 2]], log2phy: [] };
  const lying = { ...honest, logcnt: [[5, 1, 1, 1]] };
  assert.equal(balancedness(cases, [lying]), balancedness(cases, [honest]));
});

Deno.test("nodeBalancedness() sums the GPUs of each node", () => {
  const cases = [eplbCase(next, next)];
  const out = { phy2log: [[0, 0, 1, 2, 3, 1, 1, 1]], logcnt: [], log2phy: [] };
  assert.equal(nodeBalancedness(cases, [out]), 4 / 5.5);
  assert.equal(nodeBalancedness(cases, [null]), 0);
});
