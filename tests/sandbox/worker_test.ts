// Tests the worker bootstrap's building blocks in this realm: the seeded Math.random, the capped
// console and error description.
import assert from "node:assert/strict";
import { describeError, makeConsole, makeRandom } from "../../src/sandbox/_worker.ts";

Deno.test("makeRandom() repeats its sequence for a seed and differs between seeds", () => {
  const rng = makeRandom();
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
  const { console: log, drain } = makeConsole(20) as {
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
  assert.equal(describeError(hostile).message, "a thrown value that cannot even be printed");
  assert.equal(describeError(42).message, "uncaught 42");
  const e = describeError(new TypeError("bad"));
  assert.equal(e.message, "TypeError: bad");
  assert.match(e.stack, /^TypeError: bad\n\s+at /);
});
