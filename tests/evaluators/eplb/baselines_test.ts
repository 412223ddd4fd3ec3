// Tests the EPLB programs: the greedy baseline beats the weak initial program on every shipped
// workload and follows the hierarchical policy it claims; the global baseline beats greedy where
// the load is skewed.
import assert from "node:assert/strict";
import type { WorkloadCase } from "../../../src/evaluate/types.ts";
import { loadSpec } from "../../../src/spec/mod.ts";
import { loadSpecWorkloads } from "../../../src/workloads/mod.ts";
import { balancedness, decodeWorkload } from "../../../evaluators/eplb/mod.ts";
import { rebalance as greedy } from "../../../specs/eplb/baselines/greedy.ts";
import { rebalance as initial } from "../../../specs/eplb/initial.ts";
import { rebalance as global } from "../../../specs/eplb/baselines/global.ts";

const SPEC = new URL("../../../specs/eplb.yaml", import.meta.url).pathname;

function run(fn: typeof greedy, c: WorkloadCase) {
  const i = c.input as {
    weight: number[][];
    numReplicas: number;
    numGroups: number;
    numNodes: number;
    numGpus: number;
  };
  return fn(i.weight, i.numReplicas, i.numGroups, i.numNodes, i.numGpus);
}

for (const set of ["train", "holdout"] as const) {
  Deno.test(`greedy rebalance() beats the initial program on every ${set} workload`, async () => {
    const files = await loadSpecWorkloads(await loadSpec(SPEC), set);
    assert.ok(files.length >= 3);
    for (const file of files) {
      const weak = balancedness(file.cases, file.cases.map((c) => run(initial, c)));
      const strong = balancedness(file.cases, file.cases.map((c) => run(greedy, c)));
      assert.ok(strong > weak, `${set}/${file.name}: greedy ${strong} <= initial ${weak}`);
      assert.ok(strong > 0 && strong <= 1 && weak > 0, `${set}/${file.name}: out of range`);
    }
  });
}

Deno.test("greedy rebalance() gives extra replicas to the expert with the largest load per replica", () => {
  // 4 extra slots: expert 0 (100) stays hottest per replica through 100/5 = 20 > 13/2 = 6.5.
  const out = greedy([[100, 13, 1, 1]], 8, 1, 1, 2);
  assert.deepEqual(out.logcnt, [[5, 1, 1, 1]]);
  // Three extra slots all go to expert 0: 30/2 = 15, 30/3 = 10, 30/4 = 7.5, each still above 1.
  const spread = greedy([[30, 1, 1]], 6, 1, 1, 3);
  assert.deepEqual(spread.logcnt, [[4, 1, 1]]);
});

Deno.test("greedy rebalance() keeps each expert group on one node, an equal number per node", () => {
  // 4 groups of 3 experts, 2 nodes of 4 GPUs, 16 slots: 8 per node, 2 per GPU.
  const weight = [[12, 310, 7, 45, 88, 2, 150, 61, 9, 240, 33, 70]];
  const out = greedy(weight, 16, 4, 2, 8);
  const groupsOnNode = [new Set<number>(), new Set<number>()];
  out.phy2log[0].forEach((e, p) => groupsOnNode[Math.floor(p / 8)].add(Math.floor(e / 3)));
  assert.equal(groupsOnNode[0].size, 2);
  assert.equal(groupsOnNode[1].size, 2);
  assert.equal(new Set([...groupsOnNode[0], ...groupsOnNode[1]]).size, 4);
});

Deno.test("greedy rebalance() packs replicas heaviest first into the lightest GPU with room", () => {
  // One replica each, 3 GPUs of 2 slots: 8 -> A, 4 -> B, 4 -> C, 2 -> B, 1 -> C, 1 -> A (the only
  // GPU with room), so 9, 6, 5; the 8 must share a GPU, so 9 is also the best possible maximum.
  const out = greedy([[8, 4, 4, 2, 1, 1]], 6, 1, 1, 3);
  const gpuLoad = [0, 0, 0];
  out.phy2log[0].forEach((e, p) => gpuLoad[Math.floor(p / 2)] += [8, 4, 4, 2, 1, 1][e]);
  assert.deepEqual(gpuLoad.sort((a, b) => a - b), [5, 6, 9]);
});

Deno.test("greedy rebalance() and initial rebalance() leave their input untouched", () => {
  const weight = [[5, 0, 9, 1, 1, 30], [1, 2, 3, 4, 5, 6]];
  const copy = structuredClone(weight);
  greedy(weight, 8, 3, 2, 4);
  initial(weight, 8, 3, 2, 4);
  assert.deepEqual(weight, copy);
});

for (const set of ["train", "holdout"] as const) {
  Deno.test(`global rebalance() beats greedy on every ${set} workload, by 0.1 or more on the skewed ones`, async () => {
    const files = await loadSpecWorkloads(await loadSpec(SPEC), set);
    let skewed = 0;
    for (const file of files) {
      const g = balancedness(file.cases, file.cases.map((c) => run(greedy, c)));
      const w = balancedness(file.cases, file.cases.map((c) => run(global, c)));
      const note = (await decodeWorkload(await Deno.readFile(file.path), file.path)).note;
      assert.ok(w > g, `${set}/${file.name}: global ${w} <= greedy ${g}`);
      if (note.startsWith("skewed")) {
        skewed++;
        assert.ok(g < 0.65, `${set}/${file.name}: greedy ${g} shows no headroom`);
        assert.ok(w - g >= 0.1, `${set}/${file.name}: global ${w} vs greedy ${g}`);
      }
    }
    assert.ok(skewed >= 2, `${set}: ${skewed} skewed files`);
  });
}

Deno.test("global rebalance() replicates the hottest expert across nodes, beyond one node's slots", () => {
  // 2 nodes of 2 GPUs, 3 slots each (12 slots, 4 experts): expert 0 carries almost everything,
  // so it gets 9 replicas, more than one node's 6 slots; node-local replication caps it at 5.
  const out = global([[1000, 1, 1, 1]], 12, 2, 2, 4);
  assert.deepEqual(out.logcnt, [[9, 1, 1, 1]]);
  const nodes = new Set(out.phy2log[0].flatMap((e, p) => e === 0 ? [Math.floor(p / 6)] : []));
  assert.equal(nodes.size, 2);
  const weight = [[5, 0, 9, 1, 1, 30]];
  const copy = structuredClone(weight);
  global(weight, 8, 3, 2, 4);
  assert.deepEqual(weight, copy);
});
