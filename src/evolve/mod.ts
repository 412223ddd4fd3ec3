// Public surface of the evolution layer: the engine, its options and progress, steering, the run
// database, selection, the proposer contract and the helpers a CLI or UI needs around them.
export { type EvolutionResult, evolve } from "./engine/engine.ts";
export {
  type EngineConfig,
  type EngineOptions,
  type EngineSpec,
  type EvolveOverrides,
  resolveEngineOptions,
  type RunSettings,
  type SettingChange,
} from "./engine/options.ts";
export { paceFigures, type ProgressSnapshot } from "./engine/progress.ts";
export {
  budgetSpent,
  type StopLimits,
  stopNow,
  type StopReason,
  type StopView,
} from "./engine/stopping.ts";
export {
  type ControlCommand,
  type ControlMessage,
  type ControlSource,
  parseControlCommand,
  sendControl,
  StoreControlSource,
} from "./engine/control.ts";
export {
  analyzeSource,
  CODE_FEATURES,
  type CodeFeature,
  normalizeSource,
  type SourceAnalysis,
} from "./source/analyze.ts";
export * from "./database/mod.ts";
export * from "./selection/mod.ts";
export * from "./records/mod.ts";
