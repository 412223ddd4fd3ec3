import assert from "node:assert/strict";
import { islandFor } from "../../../src/evolve/selection/select.ts";
import { FakeProposer, program, valueOf } from "../_fakes.ts";
import { runEngine } from "./_engine.ts";

/** Island 0's children improve on their parent; island 1's are always worse (it is stuck). */
function stuckIsland1(): FakeProposer {
  return new FakeProposer({
    script: (r) => {
      const step = islandFor(r.iteration, 2) === 0 ? 1 : -5;
      return {
        ok: true,
        proposal: {
          source: program(valueOf(r.parent.source) + step, `export const born = ${r.iteration};\n`),
          description: `step ${step}`,
          proposer: "fake:step",
        },
      };
    },
  });
}

Deno.test("evolve() reseeds an island whose best has not changed for `stagnation` iterations with the run's best", async () => {
  const proposer = stuckIsland1();
  const { store } = await runEngine({
    proposer,
    evolveConfig: { iterations: 16, islands: 2, migrationInterval: 0, stagnation: 4 },
  });
  const reseeds = store.listEvents(["reseed"]);
  assert.ok(reseeds.length >= 2, `reseeds: ${reseeds.length}`);
  for (const e of reseeds) {
    assert.equal((e.payload as { island: number }).island, 1);
    const copy = store.listIslandCopies(e.programId).find((c) => c.iteration === e.iteration);
    assert.ok(copy && copy.island === 1, `no island copy for reseed at ${e.iteration}`);
  }
  // After the first reseed, island 1 works on island 0's lineage: parents above the initial 1.
  const first = reseeds[0].iteration!;
  const later = proposer.requests.filter((r) =>
    r.iteration > first && islandFor(r.iteration, 2) === 1
  );
  assert.ok(later.length > 0 && later.every((r) => valueOf(r.parent.source) > 1));
  store.close();
});

Deno.test("evolve() never reseeds with stagnation 0", async () => {
  const { store } = await runEngine({
    proposer: stuckIsland1(),
    evolveConfig: { iterations: 16, islands: 2, migrationInterval: 0, stagnation: 0 },
  });
  assert.deepEqual(store.listEvents(["reseed"]), []);
  store.close();
});
