// Owns the selection options: how parents are drawn and how MAP-Elites bins its features.
import { EvolveError } from "../../errors/mod.ts";

/** How parents are chosen; the rest of the probability (1 - exploit - explore) is random. */
export interface SelectionOptions {
  /** Share of parents that are the elite of a good cell. @default 0.7 */
  readonly exploitRatio?: number;
  /** Share of parents that are the elite of a uniformly random occupied cell. @default 0.2 */
  readonly exploreRatio?: number;
  /** "Good" cells for exploit: this share of occupied cells, best elites first (at least one). @default 0.25 */
  readonly eliteFraction?: number;
  /** Bins per MAP-Elites feature dimension. @default 10 */
  readonly bins?: number;
  /**
   * Inspirations added from the bests of other islands, so crossover mixes lineages between
   * migrations too; 0 keeps inspirations on the parent's island. @default 1
   */
  readonly crossIsland?: number;
}

export type ResolvedSelectionOptions = Required<SelectionOptions>;

/** Fills defaults and checks ranges; throws EvolveError naming the bad field. */
export function resolveSelectionOptions(
  options: SelectionOptions = {},
): ResolvedSelectionOptions {
  const resolved = {
    exploitRatio: options.exploitRatio ?? 0.7,
    exploreRatio: options.exploreRatio ?? 0.2,
    eliteFraction: options.eliteFraction ?? 0.25,
    bins: options.bins ?? 10,
    crossIsland: options.crossIsland ?? 1,
  };
  const unit = (name: string, x: number) => {
    if (!(x >= 0 && x <= 1)) {
      throw new EvolveError(`selection options: ${name} must be within [0, 1], got ${x}`);
    }
  };
  unit("exploitRatio", resolved.exploitRatio);
  unit("exploreRatio", resolved.exploreRatio);
  unit("eliteFraction", resolved.eliteFraction);
  if (resolved.exploitRatio + resolved.exploreRatio > 1 + 1e-9) {
    throw new EvolveError(
      "selection options: exploitRatio + exploreRatio must be at most 1 (the rest is random), " +
        `got ${resolved.exploitRatio} + ${resolved.exploreRatio}`,
    );
  }
  if (!Number.isInteger(resolved.crossIsland) || resolved.crossIsland < 0) {
    throw new EvolveError(
      `selection options: crossIsland must be an integer >= 0, got ${resolved.crossIsland}`,
    );
  }
  if (!Number.isInteger(resolved.bins) || resolved.bins < 1) {
    throw new EvolveError(
      `selection options: bins must be a positive integer, got ${resolved.bins}`,
    );
  }
  return resolved;
}
