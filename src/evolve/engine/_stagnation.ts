// Owns stagnation reseeding: an island whose best has not changed for `evolve.stagnation`
// iterations gets a copy of the run's best (an island copy and a `reseed` event), so its exploit
// draws restart from the archive's best instead of circling a local optimum.
import type { Store } from "../database/store.ts";
import type { RunState } from "./_run_state.ts";

/** Watches each island's best and reseeds the ones stuck for `after` iterations (0 = never). */
export class StagnationWatch {
  /** Per island: the id of its best and the iteration it was first seen as the best. */
  readonly #seen = new Map<number, { id: number; since: number }>();

  constructor(readonly after: number, readonly islands: number) {}

  /**
   * Called once per planned iteration. A resumed run starts watching afresh (the wait is not
   * stored), so a reseed comes at most `after` iterations later than in an uninterrupted run.
   */
  check(store: Store, state: RunState, iteration: number): void {
    if (this.after <= 0 || this.islands < 2) return;
    const global = state.population.best();
    if (!global) return;
    for (let island = 0; island < this.islands; island++) {
      const best = state.population.bestOf(island);
      if (!best) continue;
      const seen = this.#seen.get(island);
      if (!seen || seen.id !== best.id) {
        this.#seen.set(island, { id: best.id, since: iteration });
        continue;
      }
      if (iteration - seen.since < this.after || best.id === global.id) continue;
      const copy = { programId: global.id, island, iteration };
      store.transaction(() => {
        store.addIslandCopies([copy]);
        store.addEvent({
          kind: "reseed",
          iteration,
          programId: global.id,
          payload: { island, stuckSince: seen.since, previousBest: best.id },
        });
      });
      state.applyCopy(copy);
      this.#seen.set(island, { id: global.id, since: iteration });
    }
  }
}
