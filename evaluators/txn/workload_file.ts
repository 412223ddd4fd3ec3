// Owns the transaction workload file format: a worker count and batches of transactions, stored as
// gzipped JSON, and its validation on read.
import { encodeJsonGz, openWorkloadFile } from "../_workload_io.ts";
import type { Txn } from "./schedule.ts";

/** Format tag written into every file; bump when the layout changes. */
export const WORKLOAD_FORMAT = "txn-workload/1";

/** Domain limits, the same as the spec's input schema. */
export const LIMITS = { workers: 256, duration: 1_000_000, key: 1_000_000_000 } as const;

/** One workload: batches of one traffic mix, each scheduled on `workers` workers. */
export interface TxnWorkload {
  readonly format: typeof WORKLOAD_FORMAT;
  /** What the traffic models (skew, read/write mix); shown in docs, ignored by the evaluator. */
  readonly note: string;
  readonly workers: number;
  readonly batches: Txn[][];
}

/** Serialises `workload` to gzipped JSON; equal workloads give byte-identical output. */
export function encodeWorkload(workload: TxnWorkload): Promise<Uint8Array> {
  return encodeJsonGz(workload);
}

/** Parses and validates a workload file; `name` appears in error messages. */
export async function decodeWorkload(bytes: Uint8Array, name: string): Promise<TxnWorkload> {
  const { record: w, fail } = await openWorkloadFile(bytes, name, "txn", WORKLOAD_FORMAT);
  if (!isIntIn(w.workers, 1, LIMITS.workers)) {
    return fail(`workers must be an integer in [1, ${LIMITS.workers}]`);
  }
  if (!Array.isArray(w.batches) || w.batches.length === 0) {
    return fail("batches must be a non-empty list of transaction lists");
  }
  w.batches.forEach((batch: unknown, b) => {
    if (!Array.isArray(batch)) fail(`batches[${b}] is not a list`);
    (batch as unknown[]).forEach((t, i) => {
      const problem = txnProblem(t);
      if (problem) fail(`batches[${b}][${i}]: ${problem}`);
    });
  });
  return {
    format: WORKLOAD_FORMAT,
    note: typeof w.note === "string" ? w.note : "",
    workers: w.workers as number,
    batches: w.batches as Txn[][],
  };
}

function txnProblem(t: unknown): string | undefined {
  if (typeof t !== "object" || t === null) return "expected { duration, reads, writes }";
  const { duration, reads, writes } = t as Record<string, unknown>;
  if (!isIntIn(duration, 1, LIMITS.duration)) {
    return `duration must be an integer in [1, ${LIMITS.duration}]`;
  }
  for (const [field, keys] of [["reads", reads], ["writes", writes]] as const) {
    if (!Array.isArray(keys) || !keys.every((k) => isIntIn(k, 0, LIMITS.key))) {
      return `${field} must be a list of integer keys in [0, ${LIMITS.key}]`;
    }
  }
  return undefined;
}

function isIntIn(x: unknown, lo: number, hi: number): x is number {
  return Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
}
