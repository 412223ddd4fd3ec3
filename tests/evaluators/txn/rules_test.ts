// Tests specs/txn.yaml through the real spec loader: generated batches are valid and conflict-
// dense, both programs satisfy the rules, and each way to drop or repeat a transaction is caught.
import assert from "node:assert/strict";
import fc from "fast-check";
import { join } from "node:path";
import { judgeOutput } from "../../../src/evaluate/outputs.ts";
import { compileSpec, loadSpec } from "../../../src/spec/mod.ts";
import { schedule as greedy, type Txn } from "../../../specs/txn/baselines/greedy.ts";
import { schedule as initial } from "../../../specs/txn/initial.ts";

const spec = await loadSpec(join(new URL("../../../specs/", import.meta.url).pathname, "txn.yaml"));
const compiled = await compileSpec(spec);

interface Input {
  txns: Txn[];
  workers: number;
}

/** The rule a judged output breaks ("schema" for an output-schema failure), or "ok". */
function verdict(input: unknown, output: unknown): string {
  const failure = judgeOutput(compiled, input, output);
  if (!failure) return "ok";
  return failure.category === "invalid-output" ? "schema" : failure.rule ?? failure.message;
}

Deno.test("specs/txn.yaml loads with its two rules, each with a doc line, and three metrics", () => {
  assert.deepEqual(spec.invariants.map((r) => r.id), ["one-entry-per-txn", "each-txn-once"]);
  assert.ok(spec.invariants.every((r) => r.doc.length > 40));
  assert.deepEqual(spec.metrics.map((m) => m.name), ["improvement", "bound_ratio", "runtime_ms"]);
});

Deno.test("generated batches are valid inputs with conflicts, and both programs pass every rule", () => {
  let conflicting = 0, total = 0;
  fc.assert(
    fc.property(compiled.inputArbitrary, (raw) => {
      const input = raw as Input;
      assert.deepEqual(compiled.validateInput(input), []);
      total++;
      const keys = input.txns.flatMap((t) => t.writes);
      if (new Set(keys).size < keys.length) conflicting++;
      for (const fn of [greedy, initial]) {
        assert.equal(verdict(input, fn(structuredClone(input.txns), input.workers)), "ok");
      }
    }),
    { numRuns: 100, seed: 3 },
  );
  assert.ok(conflicting > total / 3, `only ${conflicting} of ${total} batches share a written key`);
});

Deno.test("each broken order is caught by exactly the rule meant for it", () => {
  const input = {
    txns: [
      { duration: 4, reads: [], writes: [7] },
      { duration: 2, reads: [7], writes: [] },
      { duration: 3, reads: [1], writes: [7] },
    ],
    workers: 2,
  };
  const cases: [string, unknown, string][] = [
    ["a valid order", [2, 0, 1], "ok"],
    ["a dropped transaction", [0, 1], "one-entry-per-txn"],
    ["an added entry", [0, 1, 2, 0], "one-entry-per-txn"],
    ["a transaction listed twice", [0, 1, 1], "each-txn-once"],
    ["an index outside the batch", [0, 1, 3], "each-txn-once"],
    ["a negative index", [0, 1, -2], "schema"],
    ["a fractional index", [0, 1, 1.5], "schema"],
    ["not a list", { 0: 0, 1: 1, 2: 2 }, "schema"],
  ];
  for (const [what, output, expected] of cases) {
    assert.equal(verdict(input, output), expected, what);
  }
  assert.equal(verdict({ txns: [], workers: 1 }, []), "ok", "an empty batch, an empty order");
});
