// Speed-up trusted problem module: only the seeded workload generator that `specs/speedup.yaml`
// names. The metric is the sandbox's trusted timer, correctness is the reference program's job
// (`equivalent`), and workload files are read by specevolve's built-in JSON format.
export { generate, generateWorkloads } from "./generate.ts";
