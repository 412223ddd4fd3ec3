import assert from "node:assert/strict";
import { analyzeSource, normalizeSource } from "../../../src/evolve/source/analyze.ts";

const base = `export function f(x: number[]): number {
  let s = 0;
  for (const v of x) {
    if (v > 0) s += v;
  }
  return s;
}
`;

Deno.test("analyzeSource() hashes alike sources that differ only in comments and layout", () => {
  const reformatted = `/** doc comment */
export function f(x: number[]): number { let s = 0 // running sum
  for (const v of x) { if (v > 0) s += v }
  /* block */ return s }`;
  assert.equal(analyzeSource(reformatted).hash, analyzeSource(base).hash);
});

Deno.test("analyzeSource() ignores quote style and trailing commas", () => {
  assert.equal(
    analyzeSource(`const a = ['x', "y",];`).hash,
    analyzeSource(`const a = ["x", 'y'];`).hash,
  );
});

Deno.test("analyzeSource() tells apart a one-token change", () => {
  assert.notEqual(analyzeSource(base.replace("v > 0", "v >= 0")).hash, analyzeSource(base).hash);
  assert.notEqual(analyzeSource(base.replace("s = 0", "s = 1")).hash, analyzeSource(base).hash);
});

Deno.test("normalizeSource() keeps comment-like text inside strings, templates and regexes", () => {
  const a = normalizeSource("const s = `x ${y} // not a comment`; const r = /a\\/\\/b/;");
  const b = normalizeSource("const s = `x ${y} // other`; const r = /a\\/\\/b/;");
  assert.notEqual(a, b);
  assert.match(a, /not a comment/);
  assert.notEqual(normalizeSource('const s = "a // b";'), normalizeSource('const s = "a";'));
});

Deno.test("normalizeSource() keeps a newline that changes meaning (no ASI merge)", () => {
  // `a\n(b)` is one call; `a;\n(b)` is two statements.
  assert.notEqual(normalizeSource("a\n(b)"), normalizeSource("a;\n(b)"));
});

Deno.test("analyzeSource() counts loops, branches, functions and calls", () => {
  const source = `
    function g(a: number[]) {
      while (a.length) a.pop();
      const m = a.map((v) => v > 1 ? v : 0);
      switch (m[0]) { case 1: break; case 2: break; default: }
      if (m.length) return Math.max(...m);
      return 0;
    }`;
  const { features } = analyzeSource(source);
  // loops: while + .map; branches: ?:, 2 cases, if; functions: g + arrow; calls: pop, map, max
  assert.deepEqual(
    { loops: features.loops, branches: features.branches, functions: features.functions },
    { loops: 2, branches: 4, functions: 2 },
  );
  assert.equal(features.calls, 3);
  assert.equal(features.code_length, normalizeSource(source).length);
});

Deno.test("analyzeSource() still analyzes a source with syntax errors", () => {
  const a = analyzeSource("export function f( { return 1 +; }");
  assert.equal(typeof a.hash, "string");
  assert.equal(a.hash.length, 64);
});
