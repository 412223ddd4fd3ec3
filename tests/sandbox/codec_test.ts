// Tests the packed form of plain data: exact round trips, refusals (with where they stopped) of
// everything that is not a tree of plain data, the element cap, and reading each property once.
import assert from "node:assert/strict";
import { isRefusal, type PackRefusal, packValue, unpackValue } from "../../src/sandbox/_codec.ts";
import type { Packed } from "../../src/sandbox/_protocol.ts";

function packed(value: unknown, maxElements?: number): Packed {
  const result = packValue(value, maxElements);
  assert.ok(!isRefusal(result), `plain data packs: ${JSON.stringify(result)}`);
  return result;
}

function refusal(value: unknown, maxElements?: number): PackRefusal {
  const result = packValue(value, maxElements);
  assert.ok(isRefusal(result), "refused");
  return result;
}

const roundTrip = (value: unknown) => unpackValue(packed(value));

Deno.test("packValue() and unpackValue() round-trip plain data exactly", () => {
  const value = {
    weight: [[1.5, -0, NaN], [Infinity, -Infinity, 2 ** -1074], []],
    one: [7],
    mixed: [1, "two", null, true, undefined, { three: [3] }],
    nothing: undefined,
    text: 'naïve \u{1F600} \ud800 "quoted"\n',
    deep: { a: { b: { c: [[[[0.1]]]] } } },
    flag: false,
  };
  const copy = roundTrip(value) as typeof value;
  assert.deepEqual(copy, value);
  assert.ok(Object.is(copy.weight[0][1], -0));
  assert.ok(Number.isNaN(copy.weight[0][2]));
  assert.ok("nothing" in copy && copy.mixed.length === 6 && 4 in copy.mixed);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.ok(Array.isArray(copy.weight[0]));
});

Deno.test("packValue() carries long number arrays and objects with many keys", () => {
  const long = new Array(100_000).fill(0).map((_, i) => i / 3);
  const wide = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
  assert.deepEqual(roundTrip({ long, wide }), { long, wide });
});

Deno.test("unpackValue() returns a fresh copy every time", () => {
  const pack = packed([{ values: [1, 2, 3] }]);
  const first = unpackValue(pack) as [{ values: number[] }];
  first[0].values[0] = 99;
  assert.deepEqual(unpackValue(pack), [{ values: [1, 2, 3] }]);
});

Deno.test("unpackValue() keeps a '__proto__' key an own property and prototypes untouched", () => {
  const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
  const copy = roundTrip(value) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value, { polluted: true });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

Deno.test("packValue() refuses what is not a tree of plain data, naming where", () => {
  const shared = [1];
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const cases: [unknown, RegExp, string][] = [
    [{ m: new Map([[1, 2]]) }, /a Map/, "/m"],
    [[new Date(0)], /a Date/, "/0"],
    [{ rows: [new Float64Array(2)] }, /a Float64Array/, "/rows/0"],
    [[1n], /a bigint/, "/0"],
    [{ shared, again: shared }, /shared or cyclic/, "/again"],
    [cyclic, /shared or cyclic/, "/self"],
    [[1, , 3], /a hole/, "/1"],
    [{ "a/b": [() => 1] }, /a function/, "/a~1b/0"],
    [[Symbol("s")], /a symbol/, "/0"],
  ];
  for (const [value, what, at] of cases) {
    const refused = refusal(value);
    assert.match(refused.refused, what);
    assert.equal(refused.at, at);
  }
});

Deno.test("packValue() copies class instances and Proxies as the plain data they show", () => {
  class Point {
    x = 1;
    y = [2];
  }
  assert.deepEqual(roundTrip([new Point()]), [{ x: 1, y: [2] }]);
  let reads = 0;
  const proxy = new Proxy({ a: 0, b: 0 }, {
    get: (_, key) => typeof key === "string" ? ++reads : undefined,
  });
  assert.deepEqual(roundTrip(proxy), { a: 1, b: 2 });
});

Deno.test("packValue() refuses more elements than its cap before reading them", () => {
  let read = false;
  const sparse = new Array(1e8);
  Object.defineProperty(sparse, 0, {
    get() {
      read = true;
      return 1;
    },
  });
  assert.match(refusal(sparse, 1_000_000).refused, /more than 1000000 elements/);
  assert.equal(read, false);
  // Elements count over the whole tree: properties and array elements alike.
  assert.ok(!isRefusal(packValue({ a: [1, 2], b: [3] }, 5)));
  assert.match(refusal({ a: [1, 2], b: [3, 4] }, 5).refused, /more than 5 elements/);
});

Deno.test("packValue() reads every property and element exactly once", () => {
  const reads = new Map<string, number>();
  const counted = (key: string, value: unknown) => ({
    get() {
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return value;
    },
    enumerable: true,
  });
  const numbers = [0, 0, 0];
  const mixed = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    Object.defineProperty(numbers, i, counted(`n${i}`, i));
    Object.defineProperty(mixed, i, counted(`m${i}`, i === 1 ? "two" : i));
  }
  const object = Object.defineProperties({}, { k: counted("k", [7]) });
  assert.deepEqual(roundTrip({ numbers, mixed, object }), {
    numbers: [0, 1, 2],
    mixed: [0, "two", 2],
    object: { k: [7] },
  });
  assert.deepEqual([...reads.values()], [1, 1, 1, 1, 1, 1, 1]);
});
