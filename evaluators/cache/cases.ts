// Owns turning a cache workload file into episodes: one per trace, with LRU's misses on it as
// trusted context for the metrics.
import type { CasesFn } from "../../src/evaluate/types.ts";
import { caseContext } from "./simulate.ts";
import { decodeWorkload } from "./workload_file.ts";

/** Trusted `workloads.cases`: one episode `{ capacity, accesses }` per trace of the file. */
export const cases: CasesFn = async (file) => {
  const w = await decodeWorkload(file.bytes, file.path);
  return w.episodes.map((e) => ({
    input: { capacity: e.capacity, accesses: e.accesses },
    context: caseContext(e),
  }));
};
