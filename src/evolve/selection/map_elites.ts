// Owns MAP-Elites placement: a member's feature values, their binning into a grid of cells, and
// the elite (best member) of each occupied cell.
//
// Binning: each dimension's range is [min, max] of that feature over every member of the whole
// population (all islands), split into `bins` equal intervals; value v falls in
// floor((v - min) / (max - min) * bins), the maximum in the last bin; a dimension where all members
// agree puts everyone in bin 0. Ranges grow as the search reaches new ground, so cells are
// recomputed from the members at each selection rather than kept: a member's cell can change, and
// the grid always spans what was actually found. With no dimensions there is one cell.
import { CODE_FEATURES, type CodeFeature } from "../source/analyze.ts";
import { EvolveError } from "../../errors/mod.ts";
import { ranksAbove } from "../records/mod.ts";
import type { Member } from "./population.ts";

/** One occupied cell: its bin coordinates and its best member. */
export interface Cell {
  /** Bins joined by ",", e.g. "3,0"; "" with no dimensions. */
  readonly key: string;
  readonly bins: readonly number[];
  readonly elite: Member;
}

/** [min, max] per dimension. */
export type FeatureRanges = readonly (readonly [number, number])[];

const CODE_FEATURE_SET: ReadonlySet<string> = new Set(CODE_FEATURES);

/** True for names computed from source (`code_length`, `loops`...), false for metric names. */
export function isCodeFeature(name: string): name is CodeFeature {
  return CODE_FEATURE_SET.has(name);
}

/**
 * Checks feature names before a run: each must be a code feature or, when the spec's metric names
 * are known, one of them. Throws EvolveError listing what is allowed.
 */
export function checkFeatures(features: readonly string[], metricNames?: readonly string[]): void {
  for (const f of features) {
    if (isCodeFeature(f) || !metricNames || metricNames.includes(f)) continue;
    throw new EvolveError(
      `evolve.features: "${f}" is neither a code feature (${CODE_FEATURES.join(", ")}) ` +
        `nor a metric of the spec (${
          metricNames.join(", ") || "none"
        }); fix the spec's evolve.features`,
    );
  }
}

/** The value of feature `name` for `member`; a metric the evaluation lacks reads as 0. */
export function featureValue(member: Member, name: string): number {
  const value = isCodeFeature(name) ? member.codeFeatures[name] : member.metrics[name];
  return Number.isFinite(value) ? value : 0;
}

/** The range of each dimension over `members`. */
export function featureRanges(members: readonly Member[], dims: readonly string[]): FeatureRanges {
  return dims.map((d) => {
    let min = Infinity;
    let max = -Infinity;
    for (const m of members) {
      const v = featureValue(m, d);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return [min, max] as const;
  });
}

/** The bin of `value` in `range` split into `bins` intervals. */
export function binOf(value: number, [min, max]: readonly [number, number], bins: number): number {
  if (!(max > min)) return 0;
  return Math.min(bins - 1, Math.max(0, Math.floor(((value - min) / (max - min)) * bins)));
}

/** Occupied cells of `members`, each with its elite, sorted by key (a stable order for drawing). */
export function eliteCells(
  members: readonly Member[],
  dims: readonly string[],
  ranges: FeatureRanges,
  bins: number,
): Cell[] {
  const cells = new Map<string, Cell>();
  for (const m of members) {
    const coords = dims.map((d, i) => binOf(featureValue(m, d), ranges[i], bins));
    const key = coords.join(",");
    const current = cells.get(key);
    if (!current || ranksAbove(m, current.elite)) cells.set(key, { key, bins: coords, elite: m });
  }
  return [...cells.values()].sort((a, b) => compareKeys(a.bins, b.bins));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}
