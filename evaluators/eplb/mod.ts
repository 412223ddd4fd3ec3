// EPLB trusted problem module: workload cases, the per-GPU / per-node load metrics, and the
// synthetic workload generator that `specs/eplb.yaml` names.
export { cases, type EplbCaseContext } from "./cases.ts";
export { balancedness, type BalanceInput, nodeBalancedness, placementBalance } from "./balance.ts";
export { EPLB_SHAPE, generate, generateWorkloads } from "./generate.ts";
export {
  decodeWorkload,
  encodeWorkload,
  type EplbWorkload,
  WORKLOAD_FORMAT,
} from "./workload_file.ts";
