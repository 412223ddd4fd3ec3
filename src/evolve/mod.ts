// Public surface of the evolution layer: the engine, its options and progress, steering, the run
// database, selection, the proposer contract and the helpers a CLI or UI needs around them.
export { type EvolutionResult, evolve } from "./engine.ts";
export {
  type EngineConfig,
  type EngineOptions,
  type EngineSpec,
  type EvolveOverrides,
  resolveEngineOptions,
} from "./options.ts";
export { paceFigures, type ProgressSnapshot } from "./progress.ts";
export {
  budgetSpent,
  type StopLimits,
  stopNow,
  type StopReason,
  type StopView,
} from "./stopping.ts";
export {
  type ControlCommand,
  type ControlMessage,
  type ControlSource,
  parseControlCommand,
  sendControl,
  StoreControlSource,
} from "./control.ts";
export {
  analyzeSource,
  CODE_FEATURES,
  type CodeFeature,
  normalizeSource,
  type SourceAnalysis,
} from "./analyze.ts";
export { iterationRng, Rng, RNG_ALGORITHM } from "./rng.ts";
export * from "./database/mod.ts";
export * from "./selection/mod.ts";
export type * from "./proposer.ts";
export { isProposerExhausted } from "./proposer.ts";
export * from "./records/mod.ts";
