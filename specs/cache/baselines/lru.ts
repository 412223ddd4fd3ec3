// Cache eviction baseline: LRU, the policy the score is measured against (it scores exactly 0).
// Keeps each cached key's last use in its state and evicts the least recently used.

export function evict(
  key: number,
  clock: number,
  _capacity: number,
  cache: number[],
  recent: number[],
  state: unknown,
): { victim: number; state: unknown } {
  const last = (state as Record<string, number> | null) ?? {};
  recent.forEach((k, i) => (last[k] = clock - recent.length + i));
  let victim = cache[0];
  for (const k of cache) if ((last[k] ?? -1) < (last[victim] ?? -1)) victim = k;
  delete last[victim];
  last[key] = clock;
  return { victim, state: last };
}
