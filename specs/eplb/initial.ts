// EPLB initial program: deliberately weak but valid. One replica per expert, the extra replicas
// handed out round-robin from expert 0 regardless of load, all placed in order. Evolution rewrites
// the code between the EVOLVE-BLOCK markers; the exported signature below them stays.

/** A placement: physical slots per layer, each expert's slots, each expert's replica count. */
export interface Placement {
  phy2log: number[][];
  log2phy: number[][][];
  logcnt: number[][];
}

// EVOLVE-BLOCK-START
function solve(
  weight: number[][],
  numReplicas: number,
  _numGroups: number,
  _numNodes: number,
  _numGpus: number,
): Placement {
  const experts = weight[0].length;
  // Physical slot p holds expert p mod experts; GPU g owns slots [g * S, (g + 1) * S).
  const phy2log = weight.map(() => Array.from({ length: numReplicas }, (_, p) => p % experts));
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
