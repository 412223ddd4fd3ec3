// Owns turning a spot workload file into episodes, one per job.
import type { CasesFn } from "../../src/evaluate/types.ts";
import { decodeWorkload } from "./workload_file.ts";

/** Trusted `workloads.cases`: one episode per job of the file (the metrics need no context). */
export const cases: CasesFn = async (file) => {
  const w = await decodeWorkload(file.bytes, file.path);
  return w.episodes.map((e) => ({ input: { ...e } }));
};
