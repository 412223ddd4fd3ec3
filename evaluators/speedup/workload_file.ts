// Owns the speed-up workload file format: integer arrays to count inversions in, stored as gzipped
// JSON, and its validation on read.
import { encodeJsonGz, openWorkloadFile } from "../_workload_io.ts";

/** Format tag written into every file; bump when the layout changes. */
export const WORKLOAD_FORMAT = "speedup-workload/1";

/** Largest magnitude of a value (the spec's input schema allows [-1e9, 1e9]). */
export const VALUE_LIMIT = 1_000_000_000;

/** Longest array (the spec's input schema's maxItems). */
export const LENGTH_LIMIT = 3000;

/** One workload: arrays of one shape family, each a case. */
export interface SpeedupWorkload {
  readonly format: typeof WORKLOAD_FORMAT;
  /** What the arrays look like (e.g. "nearly sorted"); shown in docs, ignored by the evaluator. */
  readonly note: string;
  readonly arrays: number[][];
}

/** Serialises `workload` to gzipped JSON; equal workloads give byte-identical output. */
export function encodeWorkload(workload: SpeedupWorkload): Promise<Uint8Array> {
  return encodeJsonGz(workload);
}

/** Parses and validates a workload file; `name` appears in error messages. */
export async function decodeWorkload(bytes: Uint8Array, name: string): Promise<SpeedupWorkload> {
  const { record: w, fail } = await openWorkloadFile(bytes, name, "speedup", WORKLOAD_FORMAT);
  if (!Array.isArray(w.arrays) || w.arrays.length === 0) {
    return fail("arrays must be a non-empty list of integer arrays");
  }
  w.arrays.forEach((xs: unknown, i) => {
    if (!Array.isArray(xs)) fail(`arrays[${i}] is not an array`);
    if ((xs as unknown[]).length > LENGTH_LIMIT) {
      fail(
        `arrays[${i}] holds ${(xs as unknown[]).length} values; at most ${LENGTH_LIMIT} allowed`,
      );
    }
    for (const x of xs as unknown[]) {
      if (!Number.isInteger(x) || Math.abs(x as number) > VALUE_LIMIT) {
        fail(`arrays[${i}] holds ${JSON.stringify(x)}; values must be integers in [-1e9, 1e9]`);
      }
    }
  });
  return {
    format: WORKLOAD_FORMAT,
    note: typeof w.note === "string" ? w.note : "",
    arrays: w.arrays,
  };
}
