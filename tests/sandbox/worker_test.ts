// Tests the worker bootstrap's building blocks in this realm: captured built-ins, the seeded
// Math.random, the capped console, error description, and poisoning detection.
import assert from "node:assert/strict";
import {
  captureSafe,
  describeError,
  makeConsole,
  makeRandom,
  put,
} from "../../src/sandbox/_worker.ts";
import { diffRealm, snapshotRealm } from "../../src/sandbox/_worker_realm.ts";

const safe = captureSafe();

Deno.test("makeRandom() repeats its sequence for a seed and differs between seeds", () => {
  const rng = makeRandom(safe);
  const draw = (seed: number) => {
    rng.reseed(seed);
    return Array.from({ length: 1000 }, rng.random);
  };
  const a = draw(7);
  assert.deepEqual(draw(7), a);
  assert.notDeepEqual(draw(8), a);
  assert.notDeepEqual(draw(7 + 2 ** 32), a, "seeds above 32 bits still count");
  assert.ok(a.every((x) => x >= 0 && x < 1));
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
});

Deno.test("makeConsole() keeps lines up to its cap, then marks the drain truncated", () => {
  const { console: log, drain } = makeConsole(safe, 20) as {
    console: Record<string, (...args: unknown[]) => void>;
    drain: () => string[];
  };
  log.log("abc", 1, { k: [2] });
  log.error("0123456789");
  log.info("dropped");
  assert.deepEqual(drain(), [
    'abc 1 {"k":[2]}',
    "[erro",
    "[sandbox] logs truncated: 2 line(s) cut or dropped past the cap of 20 characters",
  ]);
  log.warn("again");
  assert.deepEqual(drain(), ["[warn] again"]);
});

Deno.test("describeError() describes thrown values that refuse to be read", () => {
  const hostile = new Proxy({}, {
    get() {
      throw new Error("no");
    },
  });
  assert.equal(describeError(safe, hostile).message, "a thrown value that cannot even be printed");
  assert.equal(describeError(safe, 42).message, "uncaught 42");
  const e = describeError(safe, new TypeError("bad"));
  assert.equal(e.message, "TypeError: bad");
  assert.match(e.stack, /^TypeError: bad\n\s+at /);
});

Deno.test("put() writes an array slot without running a setter the prototype defines", () => {
  let hijacked = false;
  const proto: number[] = [];
  Object.defineProperty(proto, "0", {
    set() {
      hijacked = true;
    },
  });
  const array = Object.setPrototypeOf([], proto) as number[];
  put(safe, array, 0, 5);
  assert.equal(hijacked, false);
  assert.equal(Object.getOwnPropertyDescriptor(array, "0")?.value, 5);
});

Deno.test("diffRealm() names poisoned built-ins and new globals, and nothing in a clean realm", () => {
  const snapshot = snapshotRealm(safe);
  assert.deepEqual(diffRealm(safe, snapshot), []);
  const flat = Array.prototype.flat;
  const g = globalThis as Record<string, unknown>;
  try {
    Array.prototype.flat = function () {
      return [];
    } as typeof flat;
    g.sandboxTestGlobal = 1;
    assert.deepEqual(diffRealm(safe, snapshot), [
      "globalThis.sandboxTestGlobal (added)",
      "Array.prototype.flat",
    ]);
  } finally {
    Array.prototype.flat = flat;
    delete g.sandboxTestGlobal;
  }
  assert.deepEqual(diffRealm(safe, snapshot), []);
});

Deno.test("diffRealm() cannot be blinded by descriptor fields planted on Object.prototype", () => {
  const snapshot = snapshotRealm(safe);
  const map = Array.prototype.map;
  try {
    // Turning a method into an accessor while planting `value` on Object.prototype would make a
    // naive comparison read the old value back; the planted key itself gives the game away.
    Object.defineProperty(Object.prototype, "value", { get: () => map, configurable: true });
    const accessor = { __proto__: null, get: () => map, configurable: true } as PropertyDescriptor;
    Object.defineProperty(Array.prototype, "map", accessor);
    const changed = diffRealm(safe, snapshot);
    assert.ok(changed.includes("Object.prototype.value (added)"), changed.join(", "));
  } finally {
    delete (Object.prototype as Record<string, unknown>).value;
    Object.defineProperty(Array.prototype, "map", {
      value: map,
      writable: true,
      configurable: true,
    });
  }
});
