import assert from "node:assert/strict";
import { iterationRng, Rng } from "../../src/evolve/rng.ts";

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.next());

Deno.test("Rng() gives the same stream for the same seed and another for another seed", () => {
  assert.deepEqual(draws(new Rng(7), 20), draws(new Rng(7), 20));
  assert.notDeepEqual(draws(new Rng(7), 20), draws(new Rng(8), 20));
});

Deno.test("Rng.float() stays in [0, 1) and int() in [0, n)", () => {
  const rng = new Rng(3);
  for (let i = 0; i < 2000; i++) {
    const f = rng.float();
    assert.ok(f >= 0 && f < 1);
    const k = rng.int(7);
    assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
  }
  assert.throws(() => rng.int(0), RangeError);
});

Deno.test("Rng.sample() returns distinct elements, all of them when k exceeds the length", () => {
  const rng = new Rng(1);
  const picked = rng.sample([1, 2, 3, 4, 5, 6], 4);
  assert.equal(new Set(picked).size, 4);
  assert.deepEqual([...rng.sample([1, 2, 3], 10)].sort(), [1, 2, 3]);
});

Deno.test("iterationRng() is a pure function of seed and iteration, distinct per iteration", () => {
  assert.deepEqual(draws(iterationRng(42, 5), 8), draws(iterationRng(42, 5), 8));
  const firsts = new Set(Array.from({ length: 500 }, (_, i) => iterationRng(42, i).next()));
  assert.equal(firsts.size, 500);
  assert.notDeepEqual(draws(iterationRng(42, 5), 8), draws(iterationRng(43, 5), 8));
});
