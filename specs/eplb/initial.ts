// EPLB initial program: deliberately weak but valid, and load-aware so that evolution has knobs to
// turn. One replica per expert; each extra replica goes to the expert with the *lowest* load per
// replica (the wrong end); replicas are visited lightest first and each goes to the *most* loaded
// GPU that still has a free slot (first-fit in disguise). Flipping any of these choices helps, which
// is what the offline mutator and an LLM can find. The exported signature below the block stays.

/** A placement: physical slots per layer, each expert's slots, each expert's replica count. */
export interface Placement {
  phy2log: number[][];
  log2phy: number[][][];
  logcnt: number[][];
}

// EVOLVE-BLOCK-START
function placeLayer(load: number[], numReplicas: number, numGpus: number): number[] {
  const experts = load.length;
  const count = new Array<number>(experts).fill(1);
  for (let extra = experts; extra < numReplicas; extra++) {
    let pick = -1;
    for (let e = 0; e < experts; e++) {
      if (pick < 0 || load[e] / count[e] < load[pick] / count[pick]) pick = e;
    }
    count[pick]++;
  }
  // One entry per replica: its expert; visited in order of the load each replica carries.
  const replicas: number[] = [];
  for (let e = 0; e < experts; e++) for (let c = 0; c < count[e]; c++) replicas.push(e);
  replicas.sort((a, b) => load[a] / count[a] - load[b] / count[b]);
  const slotsPerGpu = numReplicas / numGpus;
  const used = new Array<number>(numGpus).fill(0);
  const gpuLoad = new Array<number>(numGpus).fill(0);
  const phy2log = new Array<number>(numReplicas).fill(-1);
  for (const e of replicas) {
    let gpu = -1;
    for (let g = 0; g < numGpus; g++) {
      if (used[g] === slotsPerGpu) continue;
      if (gpu < 0 || gpuLoad[g] > gpuLoad[gpu]) gpu = g;
    }
    phy2log[gpu * slotsPerGpu + used[gpu]] = e;
    used[gpu]++;
    gpuLoad[gpu] += load[e] / count[e];
  }
  return phy2log;
}

function solve(
  weight: number[][],
  numReplicas: number,
  _numGroups: number,
  _numNodes: number,
  numGpus: number,
): Placement {
  const experts = weight[0].length;
  const phy2log = weight.map((load) => placeLayer(load, numReplicas, numGpus));
  const logcnt = phy2log.map((row) => {
    const counts = new Array<number>(experts).fill(0);
    for (const e of row) counts[e]++;
    return counts;
  });
  const width = Math.max(...logcnt.map((counts) => Math.max(...counts)));
  const log2phy = phy2log.map((row) => {
    const slots = Array.from({ length: experts }, () => [] as number[]);
    row.forEach((e, p) => slots[e].push(p));
    return slots.map((s) => s.concat(new Array<number>(width - s.length).fill(-1)));
  });
  return { phy2log, log2phy, logcnt };
}
// EVOLVE-BLOCK-END

/** Entry point: places each layer's replicas of its experts on the GPUs. */
export function rebalance(
  weight: number[][],
  numReplicas: number,
  numGroups: number,
  numNodes: number,
  numGpus: number,
): Placement {
  return solve(weight, numReplicas, numGroups, numNodes, numGpus);
}
