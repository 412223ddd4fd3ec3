// Tests the element bound an output schema gives (the default of sandbox.maxOutputElements).
import assert from "node:assert/strict";
import { outputElementBound } from "../../src/spec/_element_bound.ts";

Deno.test("outputElementBound() multiplies maxItems down the tree and sums closed objects", () => {
  const rows = {
    type: "array",
    maxItems: 4,
    items: { type: "array", maxItems: 3, items: { type: "number" } },
  };
  // 4 rows, each 1 element plus its 3 numbers.
  assert.equal(outputElementBound(rows), 16);
  const closed = {
    type: "object",
    additionalProperties: false,
    properties: { rows, label: { type: "string" }, kind: { enum: ["a", { x: [1, 2] }] } },
  };
  assert.equal(outputElementBound(closed), 1 + 16 + 1 + 0 + 1 + 3);
  assert.equal(outputElementBound({ anyOf: [rows, { type: "number" }] }), 16);
});

Deno.test("outputElementBound() is unbounded without maxItems or with open objects", () => {
  assert.equal(outputElementBound({ type: "array", items: { type: "number" } }), undefined);
  assert.equal(
    outputElementBound({ type: "object", properties: { a: { type: "number" } } }),
    undefined,
  );
  assert.equal(outputElementBound(true), undefined);
  assert.equal(outputElementBound({ type: "number" }), 0);
});
