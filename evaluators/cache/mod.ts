// Cache eviction trusted problem module: the simulator that drives the candidate one eviction at
// a time, reference policies (LRU, Belady), metrics, and the seeded generator that
// `specs/cache.yaml` names.
export {
  beladyMisses,
  type CacheCaseContext,
  type CacheEpisode,
  type CacheResult,
  type CacheStep,
  caseContext,
  hitRatio,
  lruMisses,
  missReduction,
  simulate,
} from "./simulate.ts";
export { generate, generateWorkloads } from "./generate.ts";
