import assert from "node:assert/strict";
import { iterationRng, Rng } from "../../src/random/rng.ts";
import { makeRandom } from "../../src/sandbox/_worker.ts";

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

Deno.test("Rng and the sandbox worker's text-shipped makeRandom() give the same stream for a seed", () => {
  const worker = makeRandom();
  for (const seed of [0, 1, 42, 2 ** 31 + 7, 2 ** 32 - 1, -5, 2 ** 40 + 3]) {
    worker.reseed(seed);
    const rng = new Rng(seed);
    const ours = Array.from({ length: 50 }, () => rng.float());
    const theirs = Array.from({ length: 50 }, () => worker.random());
    assert.deepEqual(theirs, ours, `seed ${seed}`);
  }
});

Deno.test("Rng.between() stays within both bounds and reaches each of them", () => {
  const rng = new Rng(9);
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) {
    const v = rng.between(-2, 2);
    assert.ok(Number.isInteger(v) && v >= -2 && v <= 2);
    seen.add(v);
  }
  assert.deepEqual([...seen].sort(), [-1, -2, 0, 1, 2]);
});

Deno.test("Rng keeps seeds below 2^32 as they were and tells larger seeds apart", () => {
  // The fold of the high word leaves every 32-bit seed's stream unchanged (runs resume alike).
  assert.equal(new Rng(7).next(), new Rng(7 + 0).next());
  assert.notEqual(new Rng(5).next(), new Rng(5 + 2 ** 32).next());
  const weighted = new Rng(3);
  for (let i = 0; i < 50; i++) {
    assert.equal(weighted.weighted(["a", "b", "c"], (x) => (x === "b" ? 1 : 0)), "b");
  }
  assert.equal(weighted.weighted(["a"], () => 0), undefined);
});
