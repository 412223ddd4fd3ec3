// Owns the transaction scheduling model and its metrics: transactions dispatched in the chosen
// order to `workers` workers, each waiting for every earlier conflicting transaction to finish;
// quality = makespan in arrival order / makespan in the chosen order.
import type { MetricFn, WorkloadCase } from "specevolve/author";

/** One transaction: how long it runs and the keys it reads and writes. */
export interface Txn {
  readonly duration: number;
  readonly reads: readonly number[];
  readonly writes: readonly number[];
}

/** Trusted context of one case: figures of the batch that do not depend on the order. */
export interface TxnCaseContext {
  /** Makespan when the batch runs in arrival order (0, 1, ..., n-1). */
  readonly arrivalMakespan: number;
  /** A lower bound on the makespan of any order (see `lowerBound`). */
  readonly lowerBound: number;
}

/**
 * Makespan of running `txns` in `order` on `workers` workers. Transactions are dispatched one by
 * one in that order; each takes the worker that became free first (lowest index on ties) and
 * starts when that worker is free and every earlier-dispatched transaction it conflicts with has
 * finished. Two transactions conflict when one writes a key the other reads or writes. A worker
 * waiting for a conflict stays idle (in-order dispatch). Returns NaN when `order` is not a
 * permutation of the batch's indices, so no malformed order can look fast.
 */
export function makespan(txns: readonly Txn[], workers: number, order: unknown): number {
  if (!isOrder(order, txns.length) || !(workers >= 1)) return NaN;
  // Finish time of the last writer of each key, and the latest finish of its readers so far.
  // Earlier readers finish before any later writer starts, so one maximum per key suffices.
  const written = new Map<number, number>();
  const read = new Map<number, number>();
  const free = new Float64Array(workers);
  let end = 0;
  for (const i of order) {
    const t = txns[i];
    let ready = 0;
    for (const k of t.reads) ready = Math.max(ready, written.get(k) ?? 0);
    for (const k of t.writes) ready = Math.max(ready, written.get(k) ?? 0, read.get(k) ?? 0);
    let w = 0;
    for (let j = 1; j < workers; j++) if (free[j] < free[w]) w = j;
    const finish = Math.max(ready, free[w]) + t.duration;
    free[w] = finish;
    for (const k of t.reads) read.set(k, Math.max(read.get(k) ?? 0, finish));
    for (const k of t.writes) written.set(k, finish);
    end = Math.max(end, finish);
  }
  return end;
}

/**
 * A lower bound on the makespan of every order: the longest transaction; the total work spread
 * over all workers; and, per key, the summed durations of its writers, which all conflict with
 * each other and so run one after another.
 */
export function lowerBound(txns: readonly Txn[], workers: number): number {
  let longest = 0, total = 0, chain = 0;
  const writers = new Map<number, number>();
  for (const t of txns) {
    longest = Math.max(longest, t.duration);
    total += t.duration;
    // A key listed twice in one transaction's writes still costs its duration once.
    for (const k of new Set(t.writes)) {
      const sum = (writers.get(k) ?? 0) + t.duration;
      writers.set(k, sum);
      chain = Math.max(chain, sum);
    }
  }
  return Math.max(longest, total / workers, chain);
}

/** The case context of a batch: its arrival-order makespan and lower bound. */
export function caseContext(txns: readonly Txn[], workers: number): TxnCaseContext {
  return {
    arrivalMakespan: makespan(txns, workers, txns.map((_, i) => i)),
    lowerBound: lowerBound(txns, workers),
  };
}

/** Mean over cases of arrival makespan / makespan of the output order (> 1: faster than arrival). */
export const improvement: MetricFn = (cases, outputs) =>
  meanOver(cases, outputs, (context, span) => context.arrivalMakespan / span);

/** Mean over cases of lower bound / makespan of the output order (1: provably optimal). */
export const boundRatio: MetricFn = (cases, outputs) =>
  meanOver(cases, outputs, (context, span) => context.lowerBound / span);

/**
 * Mean of `ratio` over cases. An empty batch (makespan 0) counts 1; a malformed order counts 0.
 */
function meanOver(
  cases: readonly WorkloadCase[],
  outputs: readonly unknown[],
  ratio: (context: TxnCaseContext, span: number) => number,
): number {
  let sum = 0;
  for (let c = 0; c < cases.length; c++) {
    const input = cases[c].input as unknown as { txns: Txn[]; workers: number };
    const context = cases[c].context as TxnCaseContext;
    const span = makespan(input.txns, input.workers, outputs[c]);
    sum += Number.isNaN(span) ? 0 : span === 0 ? 1 : ratio(context, span);
  }
  return cases.length === 0 ? NaN : sum / cases.length;
}

function isOrder(order: unknown, n: number): order is number[] {
  if (!Array.isArray(order) || order.length !== n) return false;
  const seen = new Uint8Array(n);
  for (const i of order) {
    if (!Number.isInteger(i) || i < 0 || i >= n || seen[i]) return false;
    seen[i] = 1;
  }
  return true;
}
