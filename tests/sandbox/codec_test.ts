// Tests the fast path for plain data: exact round trips, refusals that send values down the
// structured-clone path instead, and unpacking that no poisoned prototype can hook into.
import assert from "node:assert/strict";
import { packValue, unpackValue } from "../../src/sandbox/_codec.ts";
import { captureSafe } from "../../src/sandbox/_worker.ts";

const safe = captureSafe();
const roundTrip = (value: unknown) => {
  const packed = packValue(safe, value);
  assert.ok(packed !== undefined, "plain data packs");
  return unpackValue(safe, packed);
};

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
  const packed = packValue(safe, [{ values: [1, 2, 3] }])!;
  const first = unpackValue(safe, packed) as [{ values: number[] }];
  first[0].values[0] = 99;
  assert.deepEqual(unpackValue(safe, packed), [{ values: [1, 2, 3] }]);
});

Deno.test("unpackValue() keeps a '__proto__' key an own property and prototypes untouched", () => {
  const value = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}');
  const copy = unpackValue(safe, packValue(safe, value)!) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(copy, "__proto__")?.value, { polluted: true });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

Deno.test("packValue() refuses what only structured clone can carry faithfully", () => {
  const shared = [1];
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  class Point {
    x = 1;
  }
  const refused = [
    new Map([[1, 2]]),
    new Date(0),
    new Float64Array(2),
    [1n],
    { shared, again: shared },
    cyclic,
    [1, , 3], // a hole
    new Point(),
    [() => 1],
    [Symbol("s")],
  ];
  refused.forEach((value, i) => assert.equal(packValue(safe, value), undefined, `case ${i}`));
});

Deno.test("unpackValue() runs no code a candidate planted on prototypes", () => {
  const packed = packValue(safe, [{ rows: [[1, 2], [3]], label: "x", more: [true, null] }])!;
  // A string, not an array: an array's own writes would run the setters planted below.
  let calls = "";
  let copy: unknown;
  const keys = ["0", "1", "n", "o", "u"];
  const typedProto = Object.getPrototypeOf(Uint8Array.prototype);
  const saved = {
    length: Object.getOwnPropertyDescriptor(typedProto, "length")!,
    iterator: Object.getOwnPropertyDescriptor(Array.prototype, Symbol.iterator)!,
  };
  const record = (what: string) => () => {
    calls += what + "; ";
    return undefined;
  };
  for (const key of keys) {
    Object.defineProperty(Object.prototype, key, {
      configurable: true,
      get: record(`Object.prototype.${key} get`),
      set: record(`Object.prototype.${key} set`),
    });
  }
  Object.defineProperty(typedProto, "length", {
    configurable: true,
    get: record("%TypedArray%.length"),
  });
  Object.defineProperty(Array.prototype, Symbol.iterator, {
    configurable: true,
    writable: true,
    value(this: unknown[]) {
      calls += "Array.prototype[Symbol.iterator]; ";
      return saved.iterator.value.call(this);
    },
  });
  try {
    copy = unpackValue(safe, packed);
  } finally {
    // Restore the iterator first: the loop below uses it.
    Object.defineProperty(Array.prototype, Symbol.iterator, saved.iterator);
    Object.defineProperty(typedProto, "length", saved.length);
    for (const key of keys) delete (Object.prototype as Record<string, unknown>)[key];
  }
  assert.equal(calls, "");
  assert.equal(JSON.stringify(copy), '[{"rows":[[1,2],[3]],"label":"x","more":[true,null]}]');
});
