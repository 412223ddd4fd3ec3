// Owns turning a transaction workload file into candidate calls: one call per batch, with the
// batch's arrival-order makespan and lower bound as trusted context for the metrics.
import type { CasesFn } from "../../src/evaluate/types.ts";
import { caseContext } from "./schedule.ts";
import { decodeWorkload } from "./workload_file.ts";

/** Trusted `workloads.cases`: one case `{ txns, workers }` per batch of the file. */
export const cases: CasesFn = async (file) => {
  const w = await decodeWorkload(file.bytes, file.path);
  return w.batches.map((txns) => ({
    input: { txns, workers: w.workers },
    context: caseContext(txns, w.workers),
  }));
};
