// Cache eviction trusted problem module: the simulator that drives the candidate one eviction at
// a time, reference policies (LRU, Belady), metrics, workload cases and the seeded generator that
// `specs/cache.yaml` names.
export { cases } from "./cases.ts";
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
export {
  type CacheWorkload,
  decodeWorkload,
  encodeWorkload,
  LIMITS,
  WORKLOAD_FORMAT,
} from "./workload_file.ts";
