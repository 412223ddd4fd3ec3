// Tests of compileSpec(): the bundle the evaluation cascade works from.
import assert from "node:assert/strict";
import fc from "fast-check";
import { join } from "node:path";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";
import { loadText, MINIMAL } from "./_helpers.ts";

const examples = join(import.meta.dirname!, "..", "..", "specs", "examples");

Deno.test("compileSpec() validates inputs and outputs with ajv messages", async () => {
  const c = await compileSpec(await loadSpec(join(examples, "topk.yaml")));
  assert.deepEqual(c.validateInput({ xs: [1, 2], k: 1 }), []);
  assert.deepEqual(c.validateInput({ xs: [1.5], k: -1 }), [
    "/xs/0 must be integer",
    "/k must be >= 0",
  ]);
  assert.deepEqual(c.validateOutput([3, 2]), []);
  assert.deepEqual(c.validateOutput("x"), ["/ must be array"]);
  // Candidate outputs stop at their first error: an output built to be expensive to check
  // (a million wrong elements) costs one error, not a million.
  assert.deepEqual(c.validateOutput(new Array(1_000_000).fill(0.5)), ["/0 must be integer"]);
});

Deno.test("compileSpec() maps inputs to positional args, or passes the whole input", async () => {
  const topk = await compileSpec(await loadSpec(join(examples, "topk.yaml")));
  assert.deepEqual(topk.toArgs({ k: 2, xs: [5] }), [[5], 2]);
  const whole = await compileSpec(await loadText(MINIMAL));
  assert.deepEqual(whole.toArgs(7), [7]);
});

Deno.test("compileSpec() gives property parameters with examples first, and valid inputs", async () => {
  const c = await compileSpec(await loadSpec(join(examples, "topk.yaml")));
  assert.deepEqual(c.propertyParameters, {
    numRuns: 200,
    seed: 7,
    examples: [[{ xs: [3, 1, 2], k: 2 }], [{ xs: [], k: 0 }]],
  });
  const seen: unknown[] = [];
  fc.assert(
    fc.property(c.inputArbitrary, (input) => {
      seen.push(input);
      return c.validateInput(input).length === 0;
    }),
    { ...c.propertyParameters, numRuns: 50 },
  );
  assert.deepEqual(seen.slice(0, 2), [{ xs: [3, 1, 2], k: 2 }, { xs: [], k: 0 }]);
});

Deno.test("compileSpec() bundles rules, equivalence, score, types and the type-checker", async () => {
  const topk = await compileSpec(await loadSpec(join(examples, "topk.yaml")));
  assert.deepEqual(topk.rules.map((r) => r.id), ["length", "descending", "from-input", "largest"]);
  const input = { xs: [4, 9, 4], k: 2 };
  assert.ok(topk.rules.every((r) => r.check(input, [9, 4])));
  assert.deepEqual(topk.rules.filter((r) => !r.check(input, [9, 9])).map((r) => r.id), [
    "from-input",
  ]);
  assert.equal(topk.equivalent?.([9, 4], [9, 4]), true);
  assert.equal(topk.equivalent?.([9, 4], [4, 9]), false);
  assert.equal(topk.score, undefined);
  assert.equal(topk.types.signature, "(xs: number[], k: number) => Output");
  assert.equal(topk.types.output, "number[]");
  assert.match(
    topk.types.declarations,
    /type Params = \{\n {2}\/\*\* length of xs \*\/\n {2}n: number;/,
  );
  assert.deepEqual(
    topk.typecheck("export const topK = (xs: number[], k: number) => xs.slice(0, k);"),
    [],
  );

  const scored = await compileSpec(
    await loadText(`${MINIMAL}metrics: { t: { measure: time } }\nscore: 1 / (1 + t)\n`),
  );
  assert.equal(scored.score?.({ t: 3 }), 0.25);
  assert.equal(scored.equivalent, undefined);
});
