// Owns the EPLB workload file format: one cluster shape plus a load history, stored as gzipped
// JSON (readable with `zcat file | jq`), and its validation on read.
import { encodeJsonGz, openWorkloadFile } from "../_workload_io.ts";

/** Format tag written into every file; bump when the layout changes. */
export const WORKLOAD_FORMAT = "eplb-workload/1";

/** One workload: a cluster shape and per-window expert loads `loads[window][layer][expert]`. */
export interface EplbWorkload {
  readonly format: typeof WORKLOAD_FORMAT;
  /** What the trace models (regime, burstiness); shown in docs, ignored by the evaluator. */
  readonly note: string;
  readonly numReplicas: number;
  readonly numGroups: number;
  readonly numNodes: number;
  readonly numGpus: number;
  readonly loads: number[][][];
}

/** Serialises `workload` to gzipped JSON; equal workloads give byte-identical output. */
export function encodeWorkload(workload: EplbWorkload): Promise<Uint8Array> {
  return encodeJsonGz(workload);
}

/** Parses and validates a workload file; `name` appears in error messages. */
export async function decodeWorkload(bytes: Uint8Array, name: string): Promise<EplbWorkload> {
  const { record: w, fail } = await openWorkloadFile(bytes, name, "eplb", WORKLOAD_FORMAT);
  for (const key of ["numReplicas", "numGroups", "numNodes", "numGpus"]) {
    const v = w[key];
    if (!Number.isInteger(v) || (v as number) < 1) return fail(`${key} must be a positive integer`);
  }
  const shape = checkLoads(w.loads, fail);
  const { numReplicas, numGroups, numNodes, numGpus } = w as unknown as EplbWorkload;
  if (shape.experts % numGroups !== 0) {
    fail(`${shape.experts} experts do not split into ${numGroups} groups`);
  }
  if (numGpus % numNodes !== 0) fail(`${numGpus} GPUs do not split over ${numNodes} nodes`);
  if (numReplicas % numGpus !== 0) {
    fail(`${numReplicas} replicas do not split over ${numGpus} GPUs`);
  }
  if (numReplicas < shape.experts) {
    fail(`${numReplicas} replicas cannot hold ${shape.experts} experts`);
  }
  return { ...(w as unknown as EplbWorkload), note: typeof w.note === "string" ? w.note : "" };
}

/** Checks `loads` is [windows >= 2][layers >= 1][experts >= 1] of finite numbers >= 0. */
function checkLoads(
  loads: unknown,
  fail: (problem: string) => never,
): { windows: number; layers: number; experts: number } {
  if (!Array.isArray(loads) || loads.length < 2) {
    return fail("loads must hold at least two windows (a placement is scored on the next one)");
  }
  const layers = Array.isArray(loads[0]) ? loads[0].length : 0;
  const experts = layers > 0 && Array.isArray(loads[0][0]) ? loads[0][0].length : 0;
  if (layers < 1 || experts < 1) {
    return fail("loads[0] must be a non-empty [layers][experts] array");
  }
  loads.forEach((window, t) => {
    if (!Array.isArray(window) || window.length !== layers) {
      fail(`loads[${t}] must have ${layers} layers`);
    }
    (window as unknown[]).forEach((row, l) => {
      if (!Array.isArray(row) || row.length !== experts) {
        fail(`loads[${t}][${l}] must have ${experts} experts`);
      }
      for (const v of row as unknown[]) {
        if (typeof v !== "number" || !(v >= 0) || v === Infinity) {
          fail(`loads[${t}][${l}] holds ${JSON.stringify(v)}; loads must be finite numbers >= 0`);
        }
      }
    });
  });
  return { windows: loads.length, layers, experts };
}
