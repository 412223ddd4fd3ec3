// Tests of compiled spec expressions: invariants, score, equivalence, and their failure modes.
import assert from "node:assert/strict";
import { isRuleError, isSpecError } from "../../src/errors/mod.ts";
import {
  compileEquivalent,
  compileExpressions,
  compileRules,
  compileScore,
  firstDifference,
  type Spec,
  type SpecExpression,
} from "../../src/spec/mod.ts";

const at = { file: "s.yaml", line: 3, column: 10 };
const expr = (code: string): SpecExpression => ({ code, at, pointer: "/invariants/0/check" });
const rule = (id: string, code: string) => ({ id, doc: `doc of ${id}`, check: expr(code) });

Deno.test("compileRules() turns checks into (input, output) => boolean with the prelude in scope", () => {
  const [len, sorted] = compileRules([
    rule("len", "output.length === input.n"),
    rule("sorted", "all(range(output.length - 1), (i: number) => output[i] <= output[i + 1]);\n"),
  ]);
  assert.deepEqual([len.id, len.doc], ["len", "doc of len"]);
  assert.equal(len.check({ n: 2 }, [1, 2]), true);
  assert.equal(len.check({ n: 3 }, [1, 2]), false);
  assert.equal(sorted.check({}, [1, 2, 2, 5]), true);
  assert.equal(sorted.check({}, [2, 1]), false);
});

Deno.test("compileRules() reports a rule that throws or returns a non-boolean as a RuleError", () => {
  const [throws, notBool] = compileRules([
    rule("throws", "output.rows[0].length > 0"),
    rule("not-bool", "output.length"),
  ]);
  assert.throws(
    () => throws.check({}, { rows: [] }),
    (e) =>
      isRuleError(e) && e.what === "invariant `throws`" && e.at === at &&
      /threw TypeError/.test(e.message),
  );
  assert.throws(
    () => notBool.check({}, [1]),
    (e) => isRuleError(e) && /returned number/.test(e.message),
  );
});

Deno.test("compileExpressions() rejects syntax errors and smuggled statements with a SpecError", () => {
  for (const code of ["output ===", "1); globalThis.x = 1; (2", "a => { return 1 }; b"]) {
    assert.throws(
      () =>
        compileExpressions([{
          expr: expr(code),
          what: "invariant `x`",
          params: [["output", "unknown"]],
        }]),
      (e) =>
        isSpecError(e) && e.issues[0].pointer === "/invariants/0/check" && e.issues[0].line === 3,
      code,
    );
  }
  assert.equal((globalThis as Record<string, unknown>).x, undefined);
});

Deno.test("compileScore() evaluates the score over metrics, and names missing ones", () => {
  const spec = {
    score: { code: "0.9 * quality + 0.1 * speed(runtime_ms, 10)", at },
    metrics: [
      { name: "quality", goal: "max", measure: "time" },
      { name: "runtime_ms", goal: "min", measure: "time" },
    ],
  } as unknown as Spec;
  const score = compileScore(spec)!;
  assert.ok(Math.abs(score({ quality: 1, runtime_ms: 10 }) - 0.95) < 1e-12);
  assert.throws(() => score({ quality: 1 }), (e) => isRuleError(e) && /runtime_ms/.test(e.message));
  assert.equal(compileScore({ metrics: [] } as unknown as Spec), undefined);
});

Deno.test("compileScore() lets a metric named like a prelude function shadow it", () => {
  const spec = {
    score: { code: "max * 2", at },
    metrics: [{ name: "max", goal: "max", measure: "time" }],
  } as unknown as Spec;
  assert.equal(compileScore(spec)!({ max: 4 }), 8);
});

Deno.test("compileEquivalent() compares deeply within an absolute numeric tolerance", () => {
  const eq = compileEquivalent(1e-6);
  assert.equal(eq({ a: [1, 2.0000001], b: "x" }, { b: "x", a: [1, 2] }), true);
  assert.equal(eq([1, 2], [1, 2.1]), false);
  assert.equal(eq([1, 2], [1, 2, 3]), false);
  assert.equal(eq({ a: 1 }, { a: 1, b: 2 }), false);
  assert.equal(eq({ a: 1, c: undefined }, { a: 1 }), true);
  assert.equal(eq([NaN, Infinity], [NaN, Infinity]), true);
  assert.equal(eq(null, {}), false);
  assert.equal(eq("1", 1), false);
  assert.equal(compileEquivalent(0)([0.1 + 0.2], [0.3]), false);
});

Deno.test("firstDifference() names where two outputs first differ", () => {
  assert.equal(firstDifference({ a: [1, [2, 3]] }, { a: [1, [2, 4]] }, 0), "/a/1/1: 3 vs 4");
  assert.equal(firstDifference([1], [1, 2], 0), "/: length 1 vs 2");
  assert.equal(firstDifference({ a: 1 }, { b: 1 }, 0), "/a: present in only one output");
  assert.equal(firstDifference([1, "x"], [1, "x"], 0), undefined);
});
