// Owns the cache workload file format: episodes (a capacity and an access trace each), stored as
// gzipped JSON, and its validation on read.
import { encodeJsonGz, openWorkloadFile } from "../_workload_io.ts";
import type { CacheEpisode } from "./simulate.ts";

/** Format tag written into every file; bump when the layout changes. */
export const WORKLOAD_FORMAT = "cache-workload/1";

/** Domain limits, the same as the spec's input schema. */
export const LIMITS = { capacity: 4096, accesses: 100_000, key: 1_000_000_000 } as const;

/** One workload: episodes of one access pattern. */
export interface CacheWorkload {
  readonly format: typeof WORKLOAD_FORMAT;
  /** What the pattern models; shown in docs, ignored by the evaluator. */
  readonly note: string;
  readonly episodes: CacheEpisode[];
}

/** Serialises `workload` to gzipped JSON; equal workloads give byte-identical output. */
export function encodeWorkload(workload: CacheWorkload): Promise<Uint8Array> {
  return encodeJsonGz(workload);
}

/** Parses and validates a workload file; `name` appears in error messages. */
export async function decodeWorkload(bytes: Uint8Array, name: string): Promise<CacheWorkload> {
  const { record: w, fail } = await openWorkloadFile(bytes, name, "cache", WORKLOAD_FORMAT);
  if (!Array.isArray(w.episodes) || w.episodes.length === 0) {
    return fail("episodes must be a non-empty list of { capacity, accesses }");
  }
  w.episodes.forEach((e: unknown, i) => {
    const { capacity, accesses } = (e ?? {}) as Record<string, unknown>;
    if (!isIntIn(capacity, 1, LIMITS.capacity)) {
      fail(`episodes[${i}].capacity must be an integer in [1, ${LIMITS.capacity}]`);
    }
    if (
      !Array.isArray(accesses) || accesses.length > LIMITS.accesses ||
      !accesses.every((k) => isIntIn(k, 0, LIMITS.key))
    ) {
      fail(
        `episodes[${i}].accesses must be a list of at most ${LIMITS.accesses} integer keys ` +
          `in [0, ${LIMITS.key}]`,
      );
    }
  });
  return {
    format: WORKLOAD_FORMAT,
    note: typeof w.note === "string" ? w.note : "",
    episodes: w.episodes as CacheEpisode[],
  };
}

function isIntIn(x: unknown, lo: number, hi: number): x is number {
  return Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
}
