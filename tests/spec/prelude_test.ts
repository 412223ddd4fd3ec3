// Tests of the rule prelude: each helper's meaning, and immunity to patched built-ins.
import assert from "node:assert/strict";
import {
  all,
  any,
  approxEqual,
  clamp,
  count,
  histogram,
  isInteger,
  isPermutation,
  max,
  mean,
  min,
  PRELUDE,
  PRELUDE_DECLARATIONS,
  range,
  speed,
  sum,
  unique,
  zip,
} from "../../src/spec/prelude.ts";

Deno.test("prelude helpers compute what docs/spec-reference.md says", () => {
  assert.equal(sum([1, 2, 3.5]), 6.5);
  assert.equal(sum([]), 0);
  assert.deepEqual(range(4), [0, 1, 2, 3]);
  assert.deepEqual(range(2, 8, 3), [2, 5]);
  assert.deepEqual(range(3, 0, -1), [3, 2, 1]);
  assert.deepEqual(range(-1), []);
  assert.equal(count([1, 5, 7], (x) => x > 2), 2);
  assert.equal(all([], () => false), true);
  assert.equal(any([], () => true), false);
  assert.equal(all([2, 4], (x, i) => x === 2 * (i + 1)), true);
  assert.equal(isPermutation([2, 0, 1]), true);
  assert.equal(isPermutation([0, 0, 1]), false);
  assert.equal(isPermutation([0, 1.5]), false);
  assert.equal(isPermutation([[1], "a", 2], [2, [1], "a"]), true);
  assert.equal(isPermutation([1, 1, 2], [1, 2, 2]), false);
  assert.deepEqual({ ...histogram([3, 1, 3, "a"]) }, { 1: 1, 3: 2, a: 1 });
  assert.equal(Object.getPrototypeOf(histogram([])), null);
  assert.equal(approxEqual(1e9, 1e9 + 0.5), true);
  assert.equal(approxEqual(0, 1e-6), false);
  assert.equal(approxEqual(1, 1.01, 0.1), true);
  assert.deepEqual([min([3, -1, 2]), max([3, -1, 2]), min([]), max([])], [
    -1,
    3,
    Infinity,
    -Infinity,
  ]);
  assert.ok(Number.isNaN(min([1, NaN, 0])) && Number.isNaN(mean([])));
  assert.equal(mean([1, 2, 6]), 3);
  assert.deepEqual(unique([3, 1, 3, 2, 1]), [3, 1, 2]);
  assert.deepEqual(zip([1, 2, 3], ["a", "b"]), [[1, "a"], [2, "b"]]);
  assert.deepEqual([isInteger(2), isInteger(2.5), isInteger("2")], [true, false, false]);
  assert.deepEqual([clamp(5, 0, 3), clamp(-1, 0, 3), clamp(2, 0, 3)], [3, 0, 2]);
  assert.deepEqual([speed(0), speed(1), speed(3, 3)], [1, 0.5, 0.5]);
});

Deno.test("min() and max() handle arrays too long for spreading into Math.min", () => {
  const big = Array.from({ length: 300_000 }, (_, i) => i % 1000);
  assert.equal(max(big), 999);
  assert.equal(min(big), 0);
});

Deno.test("prelude verdicts survive patched Array, Set, Math and Number built-ins", () => {
  const saved = {
    every: Array.prototype.every,
    map: Array.prototype.map,
    has: Set.prototype.has,
    add: Set.prototype.add,
    mathMax: Math.max,
    isInteger: Number.isInteger,
    stringify: JSON.stringify,
  };
  try {
    // Deliberate tampering, as hostile code sharing the realm might leave behind.
    const patch = (target: object, key: string, value: unknown) =>
      Object.defineProperty(target, key, { value, configurable: true, writable: true });
    patch(Array.prototype, "every", () => true);
    patch(Array.prototype, "map", () => []);
    patch(Set.prototype, "has", () => false);
    patch(Set.prototype, "add", function (this: unknown) {
      return this;
    });
    patch(Math, "max", () => 0);
    patch(Number, "isInteger", () => true);
    patch(JSON, "stringify", () => "same");
    assert.equal(isPermutation([0, 0]), false);
    assert.equal(isPermutation([0.5]), false);
    assert.equal(isPermutation([1, 2], [1, 3]), false);
    assert.deepEqual(unique([1, 1]), [1]);
    assert.equal(approxEqual(1e9, 1e9 + 5), false);
    assert.equal(all([1, 2], (x) => x < 2), false);
    assert.equal(isInteger(0.5), false);
  } finally {
    Array.prototype.every = saved.every;
    Array.prototype.map = saved.map;
    Set.prototype.has = saved.has;
    Set.prototype.add = saved.add;
    Math.max = saved.mathMax;
    Number.isInteger = saved.isInteger;
    JSON.stringify = saved.stringify;
  }
});

Deno.test("PRELUDE_DECLARATIONS declares exactly the functions PRELUDE provides", () => {
  const declared = new Set(
    [...PRELUDE_DECLARATIONS.matchAll(/^declare function (\w+)/gm)].map((m) => m[1]),
  );
  assert.deepEqual([...declared].sort(), Object.keys(PRELUDE).sort());
});
