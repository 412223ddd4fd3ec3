// Transaction scheduling trusted problem module: the conflict model and its metrics, workload
// cases, and the seeded workload generator that `specs/txn.yaml` names.
export { cases } from "./cases.ts";
export {
  boundRatio,
  caseContext,
  improvement,
  lowerBound,
  makespan,
  type Txn,
  type TxnCaseContext,
} from "./schedule.ts";
export { generate, generateWorkloads } from "./generate.ts";
export {
  decodeWorkload,
  encodeWorkload,
  LIMITS,
  type TxnWorkload,
  WORKLOAD_FORMAT,
} from "./workload_file.ts";
