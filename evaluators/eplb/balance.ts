// Owns the EPLB load model and its metrics: a placement made from window t is scored on window
// t+1, each replica taking an equal share of its expert's load; balancedness = avg / max load.
import type { MetricFn, WorkloadCase } from "specevolve/author";
import type { EplbCaseContext } from "./cases.ts";

/** Mean over cases of `placementBalance` per GPU (the ADRS balance factor). */
export const balancedness: MetricFn = (cases, outputs) => meanBalance(cases, outputs, "gpu");

/** Mean over cases of `placementBalance` per node (inter-node traffic skew). */
export const nodeBalancedness: MetricFn = (cases, outputs) => meanBalance(cases, outputs, "node");

/** The case fields the load model reads. */
export interface BalanceInput {
  readonly numReplicas: number;
  readonly numNodes: number;
  readonly numGpus: number;
}

/**
 * Mean over layers of (average unit load / max unit load) when `load` (the window the placement
 * is scored on, [layer][expert]) is served by `phy2log`. Physical replica p lives on GPU
 * floor(p / (numReplicas / numGpus)); a node holds numGpus / numNodes consecutive GPUs.
 * Replica counts come from `phy2log` itself, never from the candidate's `logcnt`. A layer whose
 * placement is malformed (wrong length, an id that is not an expert) or that leaves an expert
 * with load unserved scores 0, so no broken output can look balanced. A layer with no load scores 1.
 */
export function placementBalance(
  input: BalanceInput,
  load: readonly (readonly number[])[],
  phy2log: unknown,
  unit: "gpu" | "node",
  scratch: Scratch = new Scratch(),
): number {
  const units = unit === "gpu" ? input.numGpus : input.numNodes;
  const replicas = input.numReplicas;
  const slots = replicas / units;
  const rows = Array.isArray(phy2log) ? phy2log : [];
  let total = 0;
  for (let l = 0; l < load.length; l++) {
    total += layerBalance(load[l], rows[l], replicas, units, slots, scratch);
  }
  return load.length === 0 ? 1 : total / load.length;
}

/** Reusable typed buffers, so scoring a whole workload allocates a handful of arrays. */
export class Scratch {
  count = new Int32Array(0);
  share = new Float64Array(0);
  unitLoad = new Float64Array(0);

  /** Makes the buffers at least this long and zeroes the used parts. */
  ready(experts: number, units: number): void {
    if (this.count.length < experts) {
      this.count = new Int32Array(experts);
      this.share = new Float64Array(experts);
    } else this.count.fill(0, 0, experts);
    if (this.unitLoad.length < units) this.unitLoad = new Float64Array(units);
    else this.unitLoad.fill(0, 0, units);
  }
}

function layerBalance(
  load: readonly number[],
  row: unknown,
  replicas: number,
  units: number,
  slots: number,
  s: Scratch,
): number {
  if (!Array.isArray(row) || row.length !== replicas) return 0;
  const experts = load.length;
  s.ready(experts, units);
  const { count, share, unitLoad } = s;
  for (let p = 0; p < replicas; p++) {
    const e = row[p];
    if (!Number.isInteger(e) || e < 0 || e >= experts) return 0;
    count[e]++;
  }
  let total = 0;
  for (let e = 0; e < experts; e++) {
    const w = load[e];
    if (count[e] === 0 && w > 0) return 0;
    share[e] = count[e] === 0 ? 0 : w / count[e];
    total += w;
  }
  if (total === 0) return 1;
  for (let p = 0; p < replicas; p++) unitLoad[Math.floor(p / slots)] += share[row[p]];
  let max = 0;
  for (let u = 0; u < units; u++) if (unitLoad[u] > max) max = unitLoad[u];
  return total / units / max;
}

function meanBalance(
  cases: readonly WorkloadCase[],
  outputs: readonly unknown[],
  unit: "gpu" | "node",
): number {
  if (cases.length === 0) return NaN;
  const scratch = new Scratch();
  let sum = 0;
  for (let i = 0; i < cases.length; i++) {
    const { input, context } = cases[i];
    const output = outputs[i];
    const phy2log = typeof output === "object" && output !== null
      ? (output as { phy2log?: unknown }).phy2log
      : undefined;
    const next = (context as EplbCaseContext).next;
    sum += placementBalance(input as unknown as BalanceInput, next, phy2log, unit, scratch);
  }
  return sum / cases.length;
}
