// Speed-up trusted problem module: workload cases and the seeded workload generator that
// `specs/speedup.yaml` names. The metric is the sandbox's trusted timer; correctness is the
// reference program's job (`equivalent`), so there is no metric function here.
export { cases } from "./cases.ts";
export { generate, generateWorkloads } from "./generate.ts";
export {
  decodeWorkload,
  encodeWorkload,
  LENGTH_LIMIT,
  type SpeedupWorkload,
  VALUE_LIMIT,
  WORKLOAD_FORMAT,
} from "./workload_file.ts";
