// Owns turning an EPLB workload file into candidate calls: the placement is computed from load
// window t (the input) and scored on window t+1 (trusted context the candidate never sees).
import type { CasesFn, WorkloadCase } from "specevolve/author";
import { decodeWorkload } from "./workload_file.ts";

/** Trusted context of one case: the window the placement is scored on, [layer][expert]. */
export interface EplbCaseContext {
  readonly next: readonly (readonly number[])[];
}

/** Trusted `workloads.cases`: one case per consecutive window pair (t, t+1) of the file. */
export const cases: CasesFn = async (file) => {
  const w = await decodeWorkload(file.bytes, file.path);
  const out: WorkloadCase[] = [];
  for (let t = 0; t + 1 < w.loads.length; t++) {
    const context: EplbCaseContext = { next: w.loads[t + 1] };
    out.push({
      input: {
        weight: w.loads[t],
        numReplicas: w.numReplicas,
        numGroups: w.numGroups,
        numNodes: w.numNodes,
        numGpus: w.numGpus,
      },
      context,
    });
  }
  return out;
};
