// Transaction scheduling initial program: deliberately weak but valid, and conflict-aware so that
// evolution has knobs to turn. It simulates the schedule and, at each step, appends the remaining
// transaction that would start *latest* (the most blocked one: the wrong end), ties going to the
// *shortest*. Flipping either choice helps, which the offline mutator and an LLM can find. The
// exported signature below the block stays.

/** One transaction: how long it runs and the keys it reads and writes. */
export interface Txn {
  duration: number;
  reads: number[];
  writes: number[];
}

// EVOLVE-BLOCK-START
function plan(txns: Txn[], workers: number): number[] {
  // Finish time of each key's last writer and of its latest reader so far.
  const written = new Map<number, number>();
  const read = new Map<number, number>();
  const free = new Array<number>(workers).fill(0);
  const left = txns.map((_, i) => i);
  const order: number[] = [];
  const readyAt = (t: Txn): number => {
    let ready = 0;
    for (const k of t.reads) ready = Math.max(ready, written.get(k) ?? 0);
    for (const k of t.writes) ready = Math.max(ready, written.get(k) ?? 0, read.get(k) ?? 0);
    return ready;
  };
  while (left.length > 0) {
    // The next transaction goes to the worker that is free first.
    let w = 0;
    for (let j = 1; j < workers; j++) if (free[j] < free[w]) w = j;
    let pick = 0;
    let pickStart = Math.max(readyAt(txns[left[0]]), free[w]);
    for (let p = 1; p < left.length; p++) {
      const t = txns[left[p]];
      const start = Math.max(readyAt(t), free[w]);
      const tie = start === pickStart && t.duration < txns[left[pick]].duration;
      if (start > pickStart || tie) {
        pick = p;
        pickStart = start;
      }
    }
    const i = left.splice(pick, 1)[0];
    const finish = pickStart + txns[i].duration;
    free[w] = finish;
    for (const k of txns[i].reads) read.set(k, Math.max(read.get(k) ?? 0, finish));
    for (const k of txns[i].writes) written.set(k, finish);
    order.push(i);
  }
  return order;
}
// EVOLVE-BLOCK-END

/** Entry point: the order in which to dispatch the batch, as a permutation of its indices. */
export function schedule(txns: Txn[], workers: number): number[] {
  return plan(txns, workers);
}
