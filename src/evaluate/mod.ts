// Public surface of the evaluation layer: the cascade evaluator, its stages and its records.
export { createSpecEvaluator, SpecEvaluator, type SpecEvaluatorOptions } from "./cascade.ts";
export { type GateContext, type PropertyGateOptions, runPropertyGate } from "./gate.ts";
export { judgeOutput } from "./outputs.ts";
export { measureWorkloads, scoreSet, type ScoringContext } from "./score.ts";
export { importTrusted } from "./trusted.ts";
export type * from "./types.ts";
