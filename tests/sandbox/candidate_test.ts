// Tests preparing a candidate's TypeScript: transpiling, caching, syntax and import failures.
import assert from "node:assert/strict";
import { prepareCandidate } from "../../src/sandbox/_candidate.ts";

Deno.test("prepareCandidate() strips types, adds an inline source map and caches by source", () => {
  const source = "interface P { x: number }\nexport const f = (p: P): number => p.x;\n";
  const prepared = prepareCandidate(source);
  assert.ok(prepared.ok);
  assert.doesNotMatch(prepared.candidate.js, /interface|: number/);
  assert.match(prepared.candidate.js, /sourceMappingURL=data:application\/json;base64,/);
  assert.equal(prepareCandidate(source), prepared);
  const other = prepareCandidate(source + "\n");
  assert.ok(other.ok && other.candidate.key !== prepared.candidate.key);
});

Deno.test("prepareCandidate() reports the first syntax error at its line and column, counting the rest", () => {
  const prepared = prepareCandidate("export function f() {\n  return [1, 2;\n}\nlet = ;\n");
  assert.ok(!prepared.ok);
  assert.equal(prepared.failure.category, "syntax");
  assert.deepEqual([prepared.failure.line, prepared.failure.column], [2, 15]);
  assert.match(prepared.failure.message, /^syntax: candidate\.ts:2:15: .+ \(and \d+ more\)$/);
});

Deno.test("prepareCandidate() refuses value imports and re-exports but allows type-only imports", () => {
  const reexport = prepareCandidate("export { x } from 'npm:left-pad';\n");
  assert.ok(!reexport.ok && reexport.failure.category === "load");
  assert.match(reexport.failure.message, /imports 'npm:left-pad'/);
  assert.ok(
    prepareCandidate("import type { T } from './t.ts';\nexport const f = (t: T) => t;\n").ok,
  );
});
