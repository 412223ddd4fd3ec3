import assert from "node:assert/strict";
import { iterationRng, Rng } from "../../../src/random/rng.ts";
import { Population } from "../../../src/evolve/selection/population.ts";
import {
  resolveSelectionOptions,
  type SelectionOptions,
} from "../../../src/evolve/selection/options.ts";
import { islandFor, ringMigration, select } from "../../../src/evolve/selection/select.ts";
import { EvolveError } from "../../../src/errors/mod.ts";
import { member } from "./_members.ts";

/** Eight cells along code_length (one member each, elite = itself) plus two weaker members. */
function population(): Population {
  const pop = new Population(1);
  for (let i = 0; i < 8; i++) pop.add(member(i + 1, i / 10, { code_length: i * 10 }), 0);
  // Non-elites: share cells with members 1 and 2 but score lower.
  pop.add(member(20, -1, { code_length: 0 }), 0);
  pop.add(member(21, -2, { code_length: 11 }), 0);
  return pop;
}

function parents(options: SelectionOptions, draws = 300) {
  const context = {
    features: ["code_length"],
    top: 2,
    diverse: 3,
    options: resolveSelectionOptions({ bins: 8, ...options }),
  };
  const pop = population();
  return Array.from({ length: draws }, (_, i) => select(pop, 0, iterationRng(1, i), context));
}

Deno.test("select() in exploit mode takes the elite of one of the best cells", () => {
  const drawn = parents({ exploitRatio: 1, exploreRatio: 0, eliteFraction: 0.25 });
  assert.ok(drawn.every((s) => s.mode === "exploit"));
  // 8 cells * 0.25 = the 2 best cells: members 8 (0.7) and 7 (0.6).
  assert.deepEqual([...new Set(drawn.map((s) => s.parent.id))].sort(), [7, 8]);
});

Deno.test("select() in explore mode takes the elite of any occupied cell, never a non-elite", () => {
  const drawn = parents({ exploitRatio: 0, exploreRatio: 1 });
  assert.ok(drawn.every((s) => s.mode === "explore"));
  assert.deepEqual([...new Set(drawn.map((s) => s.parent.id))].sort((a, b) => a - b), [
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
  ]);
});

Deno.test("select() in random mode can take any member, elites or not", () => {
  const drawn = parents({ exploitRatio: 0, exploreRatio: 0 });
  assert.ok(drawn.every((s) => s.mode === "random"));
  const ids = new Set(drawn.map((s) => s.parent.id));
  assert.ok(ids.has(20) && ids.has(21), "non-elites are drawn");
  assert.equal(ids.size, 10);
});

Deno.test("select() mixes modes in the configured ratios", () => {
  const drawn = parents({ exploitRatio: 0.5, exploreRatio: 0.3 }, 2000);
  const share = (mode: string) => drawn.filter((s) => s.mode === mode).length / drawn.length;
  assert.ok(Math.abs(share("exploit") - 0.5) < 0.05);
  assert.ok(Math.abs(share("explore") - 0.3) < 0.05);
  assert.ok(Math.abs(share("random") - 0.2) < 0.05);
});

Deno.test("select() gives top-k plus diverse inspirations, distinct and never the parent", () => {
  for (const s of parents({}, 100)) {
    const ids = s.inspirations.map((m) => m.id);
    assert.equal(ids.length, 5);
    assert.equal(new Set(ids).size, 5);
    assert.ok(!ids.includes(s.parent.id));
    const top = [8, 7, 6].filter((id) => id !== s.parent.id).slice(0, 2);
    assert.deepEqual(ids.slice(0, 2), top);
  }
});

Deno.test("select() tops diverse inspirations up with random members when cells run out", () => {
  const pop = new Population(1);
  for (let i = 1; i <= 6; i++) pop.add(member(i, i), 0); // no features: a single cell
  const s = select(pop, 0, new Rng(3), {
    features: [],
    top: 1,
    diverse: 3,
    options: resolveSelectionOptions(),
  });
  assert.equal(s.inspirations.length, 4);
  assert.equal(new Set(s.inspirations.map((m) => m.id)).size, 4);
});

Deno.test("select() draws the same selection from the same Rng and population", () => {
  const a = parents({}, 50).map((s) => [s.mode, s.parent.id, s.inspirations.map((m) => m.id)]);
  const b = parents({}, 50).map((s) => [s.mode, s.parent.id, s.inspirations.map((m) => m.id)]);
  assert.deepEqual(a, b);
});

Deno.test("islandFor() lets islands take turns from iteration 1", () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((i) => islandFor(i, 3)), [0, 1, 2, 0, 1, 2, 0]);
});

Deno.test("ringMigration() copies the best of island i to island i + 1", () => {
  const pop = new Population(3);
  pop.add(member(1, 0.1), 0);
  pop.add(member(2, 0.9), 0);
  pop.add(member(3, 0.5), 1);
  pop.add(member(4, 0.3), 2);
  assert.deepEqual(ringMigration(pop), [
    { programId: 2, from: 0, to: 1 },
    { programId: 3, from: 1, to: 2 },
    { programId: 4, from: 2, to: 0 },
  ]);
  pop.add(member(2, 0.9), 1);
  assert.ok(!ringMigration(pop).some((m) => m.to === 1), "already there: not copied again");
  assert.deepEqual(ringMigration(new Population(1)), []);
});

Deno.test("resolveSelectionOptions() rejects ratios that do not fit in [0, 1]", () => {
  assert.throws(
    () => resolveSelectionOptions({ exploitRatio: 0.8, exploreRatio: 0.3 }),
    EvolveError,
  );
  assert.throws(() => resolveSelectionOptions({ exploitRatio: -0.1 }), EvolveError);
  assert.throws(() => resolveSelectionOptions({ bins: 0 }), EvolveError);
  assert.deepEqual(resolveSelectionOptions(), {
    exploitRatio: 0.7,
    exploreRatio: 0.2,
    eliteFraction: 0.25,
    bins: 10,
    crossIsland: 1,
  });
  assert.throws(() => resolveSelectionOptions({ crossIsland: -1 }), EvolveError);
});

Deno.test("select() adds the best of another island as an inspiration, unless crossIsland is 0", () => {
  const pop = new Population(3);
  for (let i = 0; i < 4; i++) pop.add(member(i + 1, i / 10), 0);
  pop.add(member(10, 0.9), 1);
  pop.add(member(11, 0.2), 1);
  pop.add(member(20, 0.5), 2);
  const context = (crossIsland: number) => ({
    features: ["code_length"],
    top: 1,
    diverse: 1,
    options: resolveSelectionOptions({ crossIsland }),
  });
  const foreign = new Set<number>();
  for (let i = 0; i < 40; i++) {
    const { inspirations } = select(pop, 0, iterationRng(2, i), context(1));
    const outside = inspirations.filter((m) => m.id >= 10).map((m) => m.id);
    assert.equal(outside.length, 1, `inspirations ${inspirations.map((m) => m.id)}`);
    outside.forEach((id) => foreign.add(id));
    const local = select(pop, 0, iterationRng(2, i), context(0));
    assert.ok(local.inspirations.every((m) => m.id < 10));
    // The island's own draws do not change: the foreign ones come after them.
    assert.deepEqual(inspirations.slice(0, -1), local.inspirations);
  }
  // Only the bests of islands 1 and 2 (10 and 20), never 11.
  assert.deepEqual([...foreign].sort((a, b) => a - b), [10, 20]);
});
