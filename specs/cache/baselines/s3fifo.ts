// Cache eviction baseline: S3-FIFO (Yang et al., SOSP'23). A small FIFO queue (10% of the cache)
// takes new keys; a key evicted from it without a second access goes to a ghost queue of
// recently evicted keys, one accessed again moves to the main FIFO queue. The main queue evicts
// with reinsertion (a 2-bit use counter, like CLOCK). A key that misses while in the ghost queue
// goes straight to main. One-time keys (scans) thus leave fast without displacing the hot set.

interface State {
  small: number[];
  main: number[];
  ghost: number[];
  /** Uses since insertion or the last reinsertion, capped at 3. */
  freq: Record<string, number>;
}

const SMALL_SHARE = 0.1;

export function evict(
  key: number,
  _clock: number,
  _capacity: number,
  cache: number[],
  recent: number[],
  state: unknown,
): { victim: number; state: unknown } {
  const s = (state as State | null) ?? { small: [], main: [], ghost: [], freq: {} };
  const cached = new Set([...s.small, ...s.main]);
  for (const k of recent) {
    if (cached.has(k)) s.freq[k] = Math.min(3, (s.freq[k] ?? 0) + 1);
    else insert(s, k, cached);
  }
  const victim = pickVictim(s, cache);
  cached.delete(victim);
  insert(s, key, cached);
  return { victim, state: s };
}

/** A key that missed enters main when the ghost queue remembers it, else the small queue. */
function insert(s: State, k: number, cached: Set<number>): void {
  const g = s.ghost.indexOf(k);
  if (g >= 0) {
    s.ghost.splice(g, 1);
    s.main.push(k);
  } else s.small.push(k);
  s.freq[k] = 0;
  cached.add(k);
}

function pickVictim(s: State, cache: number[]): number {
  const capacity = cache.length;
  for (;;) {
    if (s.small.length > 0 && (s.small.length >= SMALL_SHARE * capacity || s.main.length === 0)) {
      const k = s.small.shift()!;
      if (s.freq[k] > 0) {
        s.freq[k] = 0;
        s.main.push(k);
        continue;
      }
      s.ghost.push(k);
      if (s.ghost.length > capacity) s.ghost.shift();
      delete s.freq[k];
      return k;
    }
    const k = s.main.shift();
    // Bookkeeping out of step with the cache cannot happen, but never name a key not cached.
    if (k === undefined) return cache[0];
    if (s.freq[k] > 0) {
      s.freq[k]--;
      s.main.push(k);
      continue;
    }
    delete s.freq[k];
    return k;
  }
}
