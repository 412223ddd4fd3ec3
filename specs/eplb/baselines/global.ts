// EPLB baseline: global replication, written from the description of what the best published
// evolved programs do: replicate the hottest experts across all GPUs (not within each node, where a
// hot group's node runs out of slots), then pack every replica by load onto the lightest GPU.
// Self-contained (no imports), like every candidate, so it repeats greedy.ts's output assembly.

/** A placement: physical slots per layer, each expert's slots, each expert's replica count. */
export interface Placement {
  phy2log: number[][];
  log2phy: number[][][];
  logcnt: number[][];
}

/**
 * Places `numReplicas` replicas of each layer's experts on `numGpus` GPUs: extra replicas one at a
 * time to the expert with the largest load per replica over the whole layer, then replicas
 * heaviest first into the lightest GPU that has a free slot. Groups and nodes are ignored.
 */
export function rebalance(
  weight: number[][],
  numReplicas: number,
  _numGroups: number,
  _numNodes: number,
  numGpus: number,
): Placement {
  const layers = weight.length;
  const experts = layers === 0 ? 0 : weight[0].length;
  const planner = new GlobalPlanner(experts, numReplicas, numGpus);
  const phy2log: number[][] = [];
  const logcnt: number[][] = [];
  let width = 0;
  for (let l = 0; l < layers; l++) {
    planner.place(weight[l]);
    phy2log.push(toArray(planner.phy));
    logcnt.push(toArray(planner.cnt));
    for (let e = 0; e < experts; e++) if (planner.cnt[e] > width) width = planner.cnt[e];
  }
  const padding: number[] = [];
  for (let k = 0; k < width; k++) padding.push(-1);
  const next = new Int32Array(experts);
  const log2phy = phy2log.map((row) => {
    const slots: number[][] = [];
    for (let e = 0; e < experts; e++) slots.push(padding.slice());
    next.fill(0);
    for (let p = 0; p < row.length; p++) slots[row[p]][next[row[p]]++] = p;
    return slots;
  });
  return { phy2log, log2phy, logcnt };
}

function toArray(values: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i]);
  return out;
}

/** Places one layer at a time into typed buffers sized once per call. */
class GlobalPlanner {
  readonly slots: number;
  readonly phy: Int32Array;
  readonly cnt: Int32Array;
  readonly order: Int32Array;
  readonly perReplica: Float64Array;
  readonly gpuLoad: Float64Array;
  readonly gpuFill: Int32Array;

  constructor(readonly experts: number, readonly replicas: number, readonly gpus: number) {
    this.slots = replicas / gpus;
    this.phy = new Int32Array(replicas);
    this.cnt = new Int32Array(experts);
    this.order = new Int32Array(experts);
    this.perReplica = new Float64Array(experts);
    this.gpuLoad = new Float64Array(gpus);
    this.gpuFill = new Int32Array(gpus);
  }

  /** Fills `phy` and `cnt` for one layer's expert loads `w`. */
  place(w: readonly number[]): void {
    const { experts, cnt, perReplica, order, gpuLoad, gpuFill } = this;
    cnt.fill(1);
    for (let extra = this.replicas - experts; extra > 0; extra--) {
      let best = 0;
      for (let e = 1; e < experts; e++) {
        if (w[e] * cnt[best] > w[best] * cnt[e]) best = e;
      }
      cnt[best]++;
    }
    // Every replica of an expert carries the same load, so sorting experts orders the replicas.
    for (let e = 0; e < experts; e++) {
      const x = w[e] / cnt[e];
      perReplica[e] = x;
      let j = e;
      for (; j > 0 && perReplica[order[j - 1]] < x; j--) order[j] = order[j - 1];
      order[j] = e;
    }
    gpuLoad.fill(0);
    gpuFill.fill(0);
    for (let i = 0; i < experts; i++) {
      const e = order[i];
      for (let c = 0; c < cnt[e]; c++) {
        let gpu = -1;
        for (let g = 0; g < this.gpus; g++) {
          if (gpuFill[g] < this.slots && (gpu < 0 || gpuLoad[g] < gpuLoad[gpu])) gpu = g;
        }
        this.phy[gpu * this.slots + gpuFill[gpu]++] = e;
        gpuLoad[gpu] += perReplica[e];
      }
    }
  }
}
