import assert from "node:assert/strict";
import { verdict } from "../../../src/ui/pages/_score_explain.ts";

Deno.test("verdict() calls a change inside the two spreads added within noise, outside it better or worse", () => {
  const timed = { goal: "min" as const, timed: true };
  assert.deepEqual(verdict({ ...timed, a: 10, b: 9.5, spreadA: 0.3, spreadB: 0.3 }), {
    text: "within noise (±0.6000)",
    cls: "noise",
  });
  assert.equal(verdict({ ...timed, a: 10, b: 9, spreadA: 0.3, spreadB: 0.3 }).text, "better");
  assert.equal(verdict({ ...timed, a: 9, b: 10, spreadA: 0.3, spreadB: 0.3 }).text, "worse");
  assert.match(verdict({ ...timed, a: 9, b: 10 }).text, /no spread stored/);
  const exact = { goal: "max" as const, timed: false };
  assert.equal(verdict({ ...exact, a: 0.5, b: 0.6 }).text, "better");
  assert.equal(verdict({ ...exact, a: 0.5, b: 0.5 }).text, "same");
  assert.equal(verdict({ ...exact, a: 0.5 }).text, "", "nothing to say with one side missing");
});
