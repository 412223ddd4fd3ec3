import assert from "node:assert/strict";
import { collectGarbage } from "../../src/evaluate/_heap.ts";

Deno.test("collectGarbage() frees unreachable data at once, with no gc global left behind", () => {
  collectGarbage();
  const base = Deno.memoryUsage().heapUsed;
  let garbage: number[][] | undefined = Array.from({ length: 2000 }, (_, i) => Array(5000).fill(i));
  assert.ok(Deno.memoryUsage().heapUsed - base > 50e6, "the garbage took heap");
  garbage = undefined;
  collectGarbage();
  assert.equal(garbage, undefined);
  assert.ok(Deno.memoryUsage().heapUsed - base < 10e6, "a full collection freed it");
  assert.equal("gc" in globalThis, false);
});
