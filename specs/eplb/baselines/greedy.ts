// EPLB baseline: the hierarchical greedy policy (groups to nodes, hottest experts replicated within
// each node, replicas packed to GPUs), written from the description of DeepSeek's open-source EPLB.
// Self-contained (no imports), like every candidate.

/** A placement: physical slots per layer, each expert's slots, each expert's replica count. */
export interface Placement {
  phy2log: number[][];
  log2phy: number[][][];
  logcnt: number[][];
}

/**
 * Places `numReplicas` replicas of each layer's experts on `numGpus` GPUs. Uses the hierarchical
 * policy when the expert groups divide evenly over the nodes, else the same with one group and one
 * node (the global policy).
 */
export function rebalance(
  weight: number[][],
  numReplicas: number,
  numGroups: number,
  numNodes: number,
  numGpus: number,
): Placement {
  const layers = weight.length;
  const experts = layers === 0 ? 0 : weight[0].length;
  const hierarchical = numGroups % numNodes === 0 && experts % numGroups === 0;
  const planner = new LayerPlanner(
    experts,
    numReplicas,
    hierarchical ? numGroups : 1,
    hierarchical ? numNodes : 1,
    numGpus,
  );
  const phy2log: number[][] = [];
  const logcnt: number[][] = [];
  let width = 0;
  for (let l = 0; l < layers; l++) {
    planner.place(weight[l]);
    phy2log.push(toArray(planner.phy));
    logcnt.push(toArray(planner.cnt));
    for (let e = 0; e < experts; e++) if (planner.cnt[e] > width) width = planner.cnt[e];
  }
  // Copies of a packed template: `new Array(width).fill(-1)` makes slower holey arrays.
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

/** Plain-array copy (the output must be JSON-like arrays); a push loop beats `Array.from` here. */
function toArray(values: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(values[i]);
  return out;
}

/** Places one layer at a time into typed buffers sized once per call. */
class LayerPlanner {
  readonly groupSize: number;
  readonly expertsPerNode: number;
  readonly replicasPerNode: number;
  readonly gpusPerNode: number;
  readonly slots: number;
  /** Output of `place`: logical expert of each physical slot, and replicas per logical expert. */
  readonly phy: Int32Array;
  readonly cnt: Int32Array;
  readonly groupLoad: Float64Array;
  readonly nodeExperts: Int32Array;
  readonly localLoad: Float64Array;
  readonly localCnt: Int32Array;
  readonly replicaExpert: Int32Array;
  readonly replicaLoad: Float64Array;
  readonly packer: Packer;

  constructor(
    experts: number,
    replicas: number,
    readonly groups: number,
    readonly nodes: number,
    gpus: number,
  ) {
    this.groupSize = experts / groups;
    this.expertsPerNode = experts / nodes;
    this.replicasPerNode = replicas / nodes;
    this.gpusPerNode = gpus / nodes;
    this.slots = replicas / gpus;
    this.phy = new Int32Array(replicas);
    this.cnt = new Int32Array(experts);
    this.groupLoad = new Float64Array(groups);
    this.nodeExperts = new Int32Array(experts);
    this.localLoad = new Float64Array(this.expertsPerNode);
    this.localCnt = new Int32Array(this.expertsPerNode);
    this.replicaExpert = new Int32Array(this.replicasPerNode);
    this.replicaLoad = new Float64Array(this.replicasPerNode);
    this.packer = new Packer(
      Math.max(groups, this.replicasPerNode),
      Math.max(nodes, this.gpusPerNode),
    );
  }

  /** Fills `phy` and `cnt` for one layer's expert loads `w`. */
  place(w: readonly number[]): void {
    const { groups, groupSize, expertsPerNode, packer } = this;
    // 1. Expert groups to nodes, equal group count per node, heaviest group first.
    for (let g = 0; g < groups; g++) {
      let sum = 0;
      for (let j = g * groupSize; j < (g + 1) * groupSize; j++) sum += w[j];
      this.groupLoad[g] = sum;
    }
    packer.pack(this.groupLoad, groups, this.nodes);
    for (let g = 0; g < groups; g++) {
      const at = packer.packOf[g] * expertsPerNode + packer.rankOf[g] * groupSize;
      for (let j = 0; j < groupSize; j++) this.nodeExperts[at + j] = g * groupSize + j;
    }
    for (let n = 0; n < this.nodes; n++) this.placeNode(w, n);
  }

  /** 2. Replicates node `n`'s hottest experts, 3. packs its replicas onto its GPUs. */
  placeNode(w: readonly number[], n: number): void {
    const { expertsPerNode, replicasPerNode, localLoad, localCnt, packer } = this;
    for (let i = 0; i < expertsPerNode; i++) {
      localLoad[i] = w[this.nodeExperts[n * expertsPerNode + i]];
      localCnt[i] = 1;
    }
    for (let extra = replicasPerNode - expertsPerNode; extra > 0; extra--) {
      let best = 0;
      for (let i = 1; i < expertsPerNode; i++) {
        // Compare load/count by cross-multiplying: no division in the inner loop.
        if (localLoad[i] * localCnt[best] > localLoad[best] * localCnt[i]) best = i;
      }
      localCnt[best]++;
    }
    let k = 0;
    for (let i = 0; i < expertsPerNode; i++) {
      const e = this.nodeExperts[n * expertsPerNode + i];
      this.cnt[e] = localCnt[i];
      for (let c = 0; c < localCnt[i]; c++, k++) {
        this.replicaExpert[k] = e;
        this.replicaLoad[k] = localLoad[i] / localCnt[i];
      }
    }
    packer.pack(this.replicaLoad, replicasPerNode, this.gpusPerNode);
    const base = n * replicasPerNode;
    for (let r = 0; r < replicasPerNode; r++) {
      this.phy[base + packer.packOf[r] * this.slots + packer.rankOf[r]] = this.replicaExpert[r];
    }
  }
}

/** Balanced packing: items, heaviest first, to the lightest pack that still has room. */
class Packer {
  readonly order: Int32Array;
  readonly packOf: Int32Array;
  readonly rankOf: Int32Array;
  readonly packLoad: Float64Array;
  readonly packFill: Int32Array;

  constructor(maxItems: number, maxPacks: number) {
    this.order = new Int32Array(maxItems);
    this.packOf = new Int32Array(maxItems);
    this.rankOf = new Int32Array(maxItems);
    this.packLoad = new Float64Array(maxPacks);
    this.packFill = new Int32Array(maxPacks);
  }

  /** Packs items 0..n-1 of `load` into `packs` packs of n / packs items each. */
  pack(load: Float64Array, n: number, packs: number): void {
    const cap = n / packs;
    const order = this.order;
    // Stable insertion sort, heaviest first: n is at most the replicas of one node (72 at full
    // shape), where it is ~5x faster than a typed-array sort calling back into a comparator.
    for (let i = 0; i < n; i++) {
      const x = load[i];
      let j = i;
      for (; j > 0 && load[order[j - 1]] < x; j--) order[j] = order[j - 1];
      order[j] = i;
    }
    this.packLoad.fill(0, 0, packs);
    this.packFill.fill(0, 0, packs);
    for (let i = 0; i < n; i++) {
      const item = order[i];
      let best = -1;
      for (let p = 0; p < packs; p++) {
        if (this.packFill[p] < cap && (best < 0 || this.packLoad[p] < this.packLoad[best])) {
          best = p;
        }
      }
      this.packOf[item] = best;
      this.rankOf[item] = this.packFill[best]++;
      this.packLoad[best] += load[item];
    }
  }
}
