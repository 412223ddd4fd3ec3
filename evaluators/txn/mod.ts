// Transaction scheduling trusted problem module: the conflict model and its metrics, and the
// seeded workload generator that `specs/txn.yaml` names (files use the built-in JSON format).
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
