// Owns the cache eviction model: the trusted simulator that plays an access trace against a cache
// of fixed capacity and asks the candidate for a victim on every miss with the cache full, the
// reference policies it is measured against (LRU, and Belady's clairvoyant optimum as a bound),
// and the metrics over episode results.
import type { MetricFn, SimulateFn, WorkloadCase } from "specevolve/author";

/** One episode: a cache of `capacity` keys serving `accesses` in order. */
export interface CacheEpisode {
  readonly capacity: number;
  readonly accesses: readonly number[];
}

/** What a candidate sees at one eviction: the past only. */
export interface CacheStep {
  /** The key that just missed; it is inserted once the victim is gone. */
  readonly key: number;
  /** Index of this access in the episode. */
  readonly clock: number;
  readonly capacity: number;
  /** Keys in the cache, oldest insertion first. */
  readonly cache: number[];
  /** Accesses after the previous eviction's key and before `key` (at the first eviction: all). */
  readonly recent: number[];
  /** What the candidate returned as `state` at the previous eviction (null at the first). */
  readonly state: unknown;
}

/** The episode result that invariants and metrics judge. */
export interface CacheResult {
  readonly hits: number;
  readonly misses: number;
  readonly evictions: number;
  /** Most keys the cache held at once. */
  readonly maxOccupancy: number;
  /** The first victim that was not in the cache (the episode stops there), or null. */
  readonly badVictim: { readonly clock: number; readonly victim: unknown } | null;
}

/** Trusted context of a workload episode: LRU's misses on it. */
export interface CacheCaseContext {
  readonly lruMisses: number;
}

/**
 * Plays one episode (trusted `interaction.simulate`). On a hit nothing is asked; on a miss with
 * room the key is inserted; on a miss with the cache full the candidate names a victim. The
 * candidate never receives the trace, only what has already happened.
 */
export const simulate: SimulateFn = async (input, step) => {
  const { capacity, accesses } = input as unknown as CacheEpisode;
  // A Set iterates in insertion order: the cache listed oldest insertion first.
  const cache = new Set<number>();
  let hits = 0, misses = 0, evictions = 0, maxOccupancy = 0;
  let state: unknown = null;
  let since = 0;
  const result = (badVictim: CacheResult["badVictim"]): CacheResult => ({
    hits,
    misses,
    evictions,
    maxOccupancy,
    badVictim,
  });
  for (let t = 0; t < accesses.length; t++) {
    const key = accesses[t];
    if (cache.has(key)) {
      hits++;
      continue;
    }
    misses++;
    if (cache.size >= capacity) {
      const stepInput: CacheStep = {
        key,
        clock: t,
        capacity,
        cache: [...cache],
        recent: accesses.slice(since, t),
        state,
      };
      const out = await step(stepInput as unknown as Record<string, unknown>) as {
        victim: number;
        state: unknown;
      };
      since = t + 1;
      state = out.state;
      if (!cache.has(out.victim)) return result({ clock: t, victim: out.victim });
      cache.delete(out.victim);
      evictions++;
    }
    cache.add(key);
    maxOccupancy = Math.max(maxOccupancy, cache.size);
  }
  return result(null);
};

/** Misses of LRU on `accesses` with `capacity` keys. */
export function lruMisses(capacity: number, accesses: readonly number[]): number {
  // A Map iterates in insertion order; re-inserting on a hit keeps the least recent first.
  const cache = new Map<number, true>();
  let misses = 0;
  for (const key of accesses) {
    if (cache.delete(key)) {
      cache.set(key, true);
      continue;
    }
    misses++;
    if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    cache.set(key, true);
  }
  return misses;
}

/**
 * Misses of Belady's clairvoyant policy (evict the key used furthest in the future): the fewest
 * any policy can have, and what a policy that saw the future could reach.
 */
export function beladyMisses(capacity: number, accesses: readonly number[]): number {
  const next = new Array<number>(accesses.length);
  const seen = new Map<number, number>();
  for (let t = accesses.length - 1; t >= 0; t--) {
    next[t] = seen.get(accesses[t]) ?? Infinity;
    seen.set(accesses[t], t);
  }
  const nextUse = new Map<number, number>();
  let misses = 0;
  for (let t = 0; t < accesses.length; t++) {
    const key = accesses[t];
    if (!nextUse.has(key)) {
      misses++;
      if (nextUse.size >= capacity) {
        let victim = key, furthest = -1;
        for (const [k, n] of nextUse) {
          if (n > furthest) [victim, furthest] = [k, n];
        }
        nextUse.delete(victim);
      }
    }
    nextUse.set(key, next[t]);
  }
  return misses;
}

/** Mean over episodes of hits / accesses. */
export const hitRatio: MetricFn = (cases, outputs) =>
  meanOver(cases, outputs, (_, r, n) => r.hits / n);

/**
 * Mean over episodes of the miss-ratio reduction against LRU, (LRU misses - misses) / LRU misses:
 * 0 matches LRU, above 0 beats it (the measure of the S3-FIFO and ARC papers).
 */
export const missReduction: MetricFn = (cases, outputs) =>
  meanOver(cases, outputs, (context, r) => (context.lruMisses - r.misses) / context.lruMisses);

function meanOver(
  cases: readonly WorkloadCase[],
  outputs: readonly unknown[],
  value: (context: CacheCaseContext, result: CacheResult, accesses: number) => number,
): number {
  let sum = 0;
  for (let c = 0; c < cases.length; c++) {
    const n = (cases[c].input as unknown as CacheEpisode).accesses.length;
    const context = cases[c].context as CacheCaseContext;
    sum += n === 0 ? 0 : value(context, outputs[c] as CacheResult, n);
  }
  return cases.length === 0 ? NaN : sum / cases.length;
}

/** The context of a workload episode. */
export function caseContext(episode: CacheEpisode): CacheCaseContext {
  return { lruMisses: lruMisses(episode.capacity, episode.accesses) };
}
