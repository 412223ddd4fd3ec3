// Owns turning a speed-up workload file into candidate calls: one call per array.
import type { CasesFn } from "../../src/evaluate/types.ts";
import { decodeWorkload } from "./workload_file.ts";

/** Trusted `workloads.cases`: one case `{ xs }` per array of the file, in file order. */
export const cases: CasesFn = async (file) => {
  const w = await decodeWorkload(file.bytes, file.path);
  return w.arrays.map((xs) => ({ input: { xs } }));
};
