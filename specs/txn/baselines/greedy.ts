// Transaction scheduling baseline: conflict-aware list scheduling. It simulates the schedule and
// appends, at each step, a transaction that can start earliest on the next free worker; among
// those it prefers the one on the longest remaining write chain (the unscheduled work still queued
// behind its keys), then the longest. Self-contained (no imports), like every candidate.

/** One transaction: how long it runs and the keys it reads and writes. */
export interface Txn {
  duration: number;
  reads: number[];
  writes: number[];
}

/** The order in which to dispatch the batch, as a permutation of its indices. */
export function schedule(txns: Txn[], workers: number): number[] {
  const n = txns.length;
  // Remaining write chain per key: summed durations of its unscheduled writers. Writers of a key
  // run one after another, so a long chain is a critical path to start early.
  const chain = new Map<number, number>();
  for (const t of txns) for (const k of t.writes) chain.set(k, (chain.get(k) ?? 0) + t.duration);
  const written = new Map<number, number>();
  const read = new Map<number, number>();
  const free = new Float64Array(workers);
  const left = Array.from({ length: n }, (_, i) => i);
  const order: number[] = [];
  const readyAt = (t: Txn): number => {
    let ready = 0;
    for (const k of t.reads) ready = Math.max(ready, written.get(k) ?? 0);
    for (const k of t.writes) ready = Math.max(ready, written.get(k) ?? 0, read.get(k) ?? 0);
    return ready;
  };
  const urgency = (t: Txn): number => {
    let longest = 0;
    for (const k of t.writes) longest = Math.max(longest, chain.get(k) ?? 0);
    for (const k of t.reads) longest = Math.max(longest, chain.get(k) ?? 0);
    return longest;
  };
  while (left.length > 0) {
    let w = 0;
    for (let j = 1; j < workers; j++) if (free[j] < free[w]) w = j;
    let pick = -1, pickStart = Infinity, pickUrgency = -1;
    for (let p = 0; p < left.length; p++) {
      const t = txns[left[p]];
      const start = Math.max(readyAt(t), free[w]);
      if (start > pickStart) continue;
      const u = urgency(t);
      const better = start < pickStart || u > pickUrgency ||
        (u === pickUrgency && t.duration > txns[left[pick]].duration);
      if (better) {
        pick = p;
        pickStart = start;
        pickUrgency = u;
      }
    }
    const i = left[pick];
    left[pick] = left[left.length - 1];
    left.pop();
    const t = txns[i];
    const finish = pickStart + t.duration;
    free[w] = finish;
    for (const k of t.reads) read.set(k, Math.max(read.get(k) ?? 0, finish));
    for (const k of t.writes) {
      written.set(k, finish);
      chain.set(k, (chain.get(k) ?? 0) - t.duration);
    }
    order.push(i);
  }
  return order;
}
