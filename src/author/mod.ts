/**
 * The authoring module: everything a problem's trusted TypeScript (a simulator, a trace codec, a
 * metric or a workload generator in `evaluators/`) is written against. Import it as
 * `specevolve/author`. Most problems need none of it: built-in workload formats, the declarative
 * `workloads.generate` block and `expr` metrics cover the common cases (docs/authoring.md).
 *
 * @example A metric function (`metrics.<name>.evaluator: ../evaluators/mine.ts#hitRate`)
 * ```ts
 * import type { MetricFn } from "specevolve/author";
 *
 * export const hitRate: MetricFn = (cases, outputs) =>
 *   outputs.reduce((n: number, o) => n + (o as { hits: number }).hits, 0) / cases.length;
 * ```
 *
 * @example A workload generator (`workloads.generate: ../evaluators/mine.ts#generate`)
 * ```ts
 * import { type GenerateFn, seededStream, writeCaseSet } from "specevolve/author";
 * import { uniformInt } from "pure-rand/distribution/uniformInt";
 *
 * export const generate: GenerateFn = async ({ trainDir, holdoutDir, seed }) => {
 *   const file = (index: number) => {
 *     const rng = seededStream(seed, index);
 *     const xs = Array.from({ length: 100 }, () => uniformInt(rng, 0, 99));
 *     return { cases: [{ input: { xs } }] };
 *   };
 *   await writeCaseSet(trainDir, "train", [["0", file(0)], ["1", file(1)]]);
 *   await writeCaseSet(holdoutDir, "holdout", [["0", file(16)]]);
 * };
 * ```
 * @module
 */
export type {
  CasesFn,
  GenerateFn,
  MetricFn,
  SimulateFn,
  StepFn,
  WorkloadCase,
  WorkloadFile,
} from "../evaluate/types.ts";
export { seededStream } from "./seeded.ts";
export {
  type CaseFile,
  type CaseFormat,
  encodeCaseFile,
  replaceWorkloadFiles,
  type WriteCaseOptions,
  writeCaseSet,
} from "../workloads/mod.ts";
