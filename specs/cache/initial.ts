// Cache eviction initial program: deliberately weak but valid. It keeps, per cached key, when it
// was inserted, when it was last used and how often, and evicts the key with the lowest weighted
// score. The weights start as FIFO (insertion time only); other weights give LRU (last use),
// LFU-like or mixed policies, which the offline mutator and an LLM can find.

/** Per-key history the policy keeps in its state. */
interface Meta {
  inserted: number;
  lastUse: number;
  uses: number;
}

/** The state handed back at the next eviction: metadata of every cached key. */
interface State {
  meta: Record<string, Meta>;
}

// EVOLVE-BLOCK-START
const W_INSERTED = 1;
const W_LAST_USE = 0;
const W_USES = 0;

function score(m: Meta): number {
  return W_INSERTED * m.inserted + W_LAST_USE * m.lastUse + W_USES * m.uses;
}

function choose(cache: number[], meta: Record<string, Meta>): number {
  let victim = cache[0];
  let best = Infinity;
  for (const k of cache) {
    const s = score(meta[k]);
    if (s < best) {
      best = s;
      victim = k;
    }
  }
  return victim;
}
// EVOLVE-BLOCK-END

/**
 * Entry point, called on each miss with the cache full: the key that missed, its position in the
 * trace, the capacity, the cache contents (oldest insertion first), the accesses since the previous eviction,
 * and the state returned last time. Returns a cached key to evict and the state to get back.
 */
export function evict(
  key: number,
  clock: number,
  _capacity: number,
  cache: number[],
  recent: number[],
  state: unknown,
): { victim: number; state: unknown } {
  const meta = (state as State | null)?.meta ?? {};
  // recent[i] happened at clock - recent.length + i; each was a hit, or an insertion into room.
  recent.forEach((k, i) => {
    const at = clock - recent.length + i;
    const m = meta[k];
    if (m) {
      m.lastUse = at;
      m.uses++;
    } else meta[k] = { inserted: at, lastUse: at, uses: 1 };
  });
  for (const k of cache) meta[k] ??= { inserted: clock, lastUse: clock, uses: 1 };
  const victim = choose(cache, meta);
  delete meta[victim];
  meta[key] = { inserted: clock, lastUse: clock, uses: 1 };
  return { victim, state: { meta } };
}
