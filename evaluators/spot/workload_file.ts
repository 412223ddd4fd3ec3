// Owns the spot workload file format: episodes (job size, deadline, restart cost, spot price and
// an availability trace), stored as gzipped JSON, and its validation on read.
import { encodeJsonGz, openWorkloadFile } from "../_workload_io.ts";
import type { SpotEpisode } from "./simulate.ts";

/** Format tag written into every file; bump when the layout changes. */
export const WORKLOAD_FORMAT = "spot-workload/1";

/** Domain limits, the same as the spec's input schema. */
export const LIMITS = { steps: 100_000, restart: 1000 } as const;

/** One workload: episodes under one availability pattern. */
export interface SpotWorkload {
  readonly format: typeof WORKLOAD_FORMAT;
  /** What the availability pattern models; shown in docs, ignored by the evaluator. */
  readonly note: string;
  readonly episodes: SpotEpisode[];
}

/** Serialises `workload` to gzipped JSON; equal workloads give byte-identical output. */
export function encodeWorkload(workload: SpotWorkload): Promise<Uint8Array> {
  return encodeJsonGz(workload);
}

/** Parses and validates a workload file; `name` appears in error messages. */
export async function decodeWorkload(bytes: Uint8Array, name: string): Promise<SpotWorkload> {
  const { record: w, fail } = await openWorkloadFile(bytes, name, "spot", WORKLOAD_FORMAT);
  if (!Array.isArray(w.episodes) || w.episodes.length === 0) {
    return fail("episodes must be a non-empty list");
  }
  w.episodes.forEach((e: unknown, i) => {
    const problem = episodeProblem(e);
    if (problem) fail(`episodes[${i}]: ${problem}`);
  });
  return {
    format: WORKLOAD_FORMAT,
    note: typeof w.note === "string" ? w.note : "",
    episodes: w.episodes as SpotEpisode[],
  };
}

function episodeProblem(e: unknown): string | undefined {
  if (typeof e !== "object" || e === null) return "expected an episode object";
  const { work, deadline, restart, spotPrice, spot } = e as Record<string, unknown>;
  if (!isIntIn(work, 1, LIMITS.steps)) return `work must be an integer in [1, ${LIMITS.steps}]`;
  if (!isIntIn(restart, 0, LIMITS.restart)) {
    return `restart must be an integer in [0, ${LIMITS.restart}]`;
  }
  if (!isIntIn(deadline, work + restart, LIMITS.steps)) {
    return `deadline must be an integer in [work + restart, ${LIMITS.steps}] (feasible on demand)`;
  }
  if (typeof spotPrice !== "number" || !(spotPrice > 0 && spotPrice <= 1)) {
    return "spotPrice must be a number in (0, 1]";
  }
  if (
    !Array.isArray(spot) || spot.length !== deadline || !spot.every((s) => typeof s === "boolean")
  ) {
    return "spot must be a list of deadline booleans";
  }
  return undefined;
}

function isIntIn(x: unknown, lo: number, hi: number): x is number {
  return Number.isInteger(x) && (x as number) >= lo && (x as number) <= hi;
}
