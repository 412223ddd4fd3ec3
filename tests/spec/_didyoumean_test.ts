// Tests of the edit-distance suggestions used in "did you mean" messages.
import assert from "node:assert/strict";
import { closest, didYouMean, editDistance } from "../../src/spec/_didyoumean.ts";

Deno.test("editDistance() counts insertions, deletions and substitutions, ignoring case", () => {
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("Name", "name"), 0);
  assert.equal(editDistance("", "abc"), 3);
});

Deno.test("closest() suggests near misses and truncations, not unrelated words", () => {
  assert.equal(closest("iteratons", ["iterations", "islands"]), "iterations");
  assert.equal(closest("maximum", ["max", "min"]), "max");
  assert.equal(closest("banana", ["iterations", "islands"]), undefined);
  assert.equal(closest("name", ["name"]), undefined);
});

Deno.test("didYouMean() renders a suggestion or nothing", () => {
  assert.equal(didYouMean("temprature", ["temperature"]), "; did you mean `temperature`?");
  assert.equal(didYouMean("zzz", ["temperature"]), "");
});
