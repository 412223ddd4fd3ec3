// Owns ring migration as a run records it: selection picks who moves, and this module writes the
// island copies, the event and the run row in one transaction, then updates the run state to match.
import type { Store } from "../database/store.ts";
import { ringMigration } from "../selection/select.ts";
import type { RunState } from "./_run_state.ts";

/** Migrates at `iteration` when it is due every `every` iterations and not done yet. */
export function migrateIfDue(
  store: Store,
  state: RunState,
  iteration: number,
  every: number,
): void {
  if (every <= 0 || iteration % every !== 0 || iteration <= state.lastMigration) return;
  const migrants = ringMigration(state.population);
  store.transaction(() => {
    store.addIslandCopies(
      migrants.map((m) => ({ programId: m.programId, island: m.to, iteration })),
    );
    if (migrants.length > 0) {
      store.addEvent({ kind: "migration", iteration, payload: { migrants } });
    }
    store.updateRun({ lastMigration: iteration });
  });
  for (const m of migrants) state.applyCopy({ programId: m.programId, island: m.to, iteration });
  state.lastMigration = iteration;
}
