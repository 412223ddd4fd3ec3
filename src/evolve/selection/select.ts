// Owns drawing a parent (exploit / explore / random) and its inspirations (top-k + diverse) from
// one island, and the ring migration between islands.
import type { Rng } from "../../random/rng.ts";
import { type Cell, eliteCells, featureRanges } from "./map_elites.ts";
import type { ResolvedSelectionOptions } from "./options.ts";
import { byRank } from "../records/mod.ts";
import type { Member, Population } from "./population.ts";

/** How a parent was drawn. */
export type SelectionMode = "exploit" | "explore" | "random";

/** What selection handed to one iteration. */
export interface Selection {
  readonly island: number;
  readonly mode: SelectionMode;
  readonly parent: Member;
  readonly inspirations: readonly Member[];
}

/** What selection needs from the run's configuration. */
export interface SelectionContext {
  readonly features: readonly string[];
  readonly top: number;
  readonly diverse: number;
  readonly options: ResolvedSelectionOptions;
}

/** The island iteration `iteration` (>= 1) works on: islands take turns. */
export function islandFor(iteration: number, islands: number): number {
  return (((iteration - 1) % islands) + islands) % islands;
}

/**
 * Draws the parent and inspirations of one iteration from `island`. Draw order is fixed (mode,
 * parent, diverse sample) so the same Rng and population always give the same selection.
 * Throws when the population is empty (the engine never selects before the initial program passed).
 */
export function select(
  population: Population,
  island: number,
  rng: Rng,
  context: SelectionContext,
): Selection {
  // An island can be empty only after a forced resume with more islands; borrow the whole archive.
  const members = population.island(island).length > 0
    ? population.island(island)
    : population.all();
  if (members.length === 0) throw new Error("select: the population is empty");
  const { options, features } = context;
  // Ranges span the whole population so a cell means the same on every island.
  const ranges = featureRanges(population.all(), features);
  const cells = eliteCells(members, features, ranges, options.bins);
  const mode = drawMode(rng.float(), options);
  const parent = drawParent(mode, members, cells, rng, options);
  const inspirations = drawInspirations(parent, members, cells, rng, context);
  // Drawn last, so the draws above stay what they were without cross-island inspirations.
  const foreign = foreignBests(population, island, [parent, ...inspirations], rng, options);
  return { island, mode, parent, inspirations: [...inspirations, ...foreign] };
}

/** The bests of up to `crossIsland` other islands (drawn at random), none already chosen. */
function foreignBests(
  population: Population,
  island: number,
  chosen: readonly Member[],
  rng: Rng,
  options: ResolvedSelectionOptions,
): Member[] {
  if (options.crossIsland === 0) return [];
  const taken = new Set(chosen.map((m) => m.id));
  const bests = Array.from({ length: population.islandCount }, (_, i) => i)
    .filter((i) => i !== island)
    .map((i) => population.bestOf(i))
    .filter((m): m is Member => m !== undefined && !taken.has(m.id));
  return rng.sample([...new Map(bests.map((m) => [m.id, m])).values()], options.crossIsland);
}

function drawMode(r: number, options: ResolvedSelectionOptions): SelectionMode {
  if (r < options.exploitRatio) return "exploit";
  if (r < options.exploitRatio + options.exploreRatio) return "explore";
  return "random";
}

function drawParent(
  mode: SelectionMode,
  members: readonly Member[],
  cells: readonly Cell[],
  rng: Rng,
  options: ResolvedSelectionOptions,
): Member {
  switch (mode) {
    case "exploit": {
      const good = [...cells].sort((a, b) => byRank(a.elite, b.elite));
      const count = Math.max(1, Math.ceil(good.length * options.eliteFraction));
      return rng.pick(good.slice(0, count)).elite;
    }
    case "explore":
      return rng.pick(cells).elite;
    case "random":
      return rng.pick(members);
  }
}

/**
 * Top-k: the island's best members other than the parent. Diverse: elites of other cells, drawn
 * at random, topped up with random members when there are too few cells.
 */
function drawInspirations(
  parent: Member,
  members: readonly Member[],
  cells: readonly Cell[],
  rng: Rng,
  context: SelectionContext,
): Member[] {
  const others = members.filter((m) => m.id !== parent.id);
  const top = [...others].sort(byRank).slice(0, context.top);
  const taken = new Set([parent.id, ...top.map((m) => m.id)]);
  const elites = cells.map((c) => c.elite).filter((m) => !taken.has(m.id));
  const diverse = rng.sample(elites, context.diverse);
  diverse.forEach((m) => taken.add(m.id));
  const missing = context.diverse - diverse.length;
  if (missing > 0) diverse.push(...rng.sample(others.filter((m) => !taken.has(m.id)), missing));
  return [...top, ...diverse];
}

/** One program copied from island `from` to `to` by ring migration. */
export interface Migrant {
  readonly programId: number;
  readonly from: number;
  readonly to: number;
}

/**
 * Ring migration: the best member of each island i is copied to island (i + 1) mod n unless it
 * already lives there. All migrants are chosen before any is placed, so the ring is symmetric.
 */
export function ringMigration(population: Population): Migrant[] {
  const n = population.islandCount;
  if (n < 2) return [];
  const migrants: Migrant[] = [];
  for (let from = 0; from < n; from++) {
    const best = population.bestOf(from);
    const to = (from + 1) % n;
    if (best && !population.island(to).some((m) => m.id === best.id)) {
      migrants.push({ programId: best.id, from, to });
    }
  }
  return migrants;
}
