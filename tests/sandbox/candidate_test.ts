// Tests preparing a candidate's TypeScript: transpiling to a script, mapping positions back,
// caching, syntax failures and refusing anything that would load other code.
import assert from "node:assert/strict";
import { prepareCandidate } from "../../src/sandbox/_candidate.ts";

Deno.test("prepareCandidate() strips types into a script that defines the module, cached by source", () => {
  const source = "interface P { x: number }\nexport const f = (p: P): number => p.x;\n";
  const prepared = prepareCandidate(source);
  assert.ok(prepared.ok);
  const script = prepared.candidate.script;
  assert.doesNotMatch(script, /interface|: number|sourceMappingURL/);
  const define = (0, eval)(script) as (exports: Record<string, unknown>) => void;
  const exports: Record<string, unknown> = {};
  define(exports);
  assert.equal((exports.f as (p: { x: number }) => number)({ x: 3 }), 3);
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

Deno.test("prepareCandidate() maps script positions back to the TypeScript source", () => {
  const source =
    "// a comment\ninterface P {\n  x: number;\n}\n\nexport function f(p: P): number {\n" +
    "  return p.x * broken;\n}\n";
  const prepared = prepareCandidate(source);
  assert.ok(prepared.ok);
  const define = (0, eval)(prepared.candidate.script) as (e: Record<string, unknown>) => void;
  const exports: Record<string, unknown> = {};
  define(exports);
  let stack = "";
  try {
    (exports.f as (p: { x: number }) => number)({ x: 1 });
  } catch (error) {
    stack = (error as Error).stack ?? "";
  }
  const at = /candidate\.script\.js(?:, <anonymous>)?:(\d+):(\d+)/.exec(stack)!;
  assert.deepEqual(prepared.candidate.original(Number(at[1]), Number(at[2])), {
    line: 7,
    column: 16,
  });
});

Deno.test("prepareCandidate() refuses dynamic import() and import.meta wherever they hide", () => {
  const cases: [string, RegExp, number][] = [
    [
      "export async function f() {\n  return await import('data:text/javascript,1');\n}\n",
      /calls import\(\)/,
      2,
    ],
    [
      "export function f() {\n  const g = () => [1].map(() => import(`./x${1}.ts`));\n  return g;\n}\n",
      /calls import\(\)/,
      2,
    ],
    ["export const f = () => import.meta.url;\n", /reads import\.meta/, 1],
  ];
  for (const [source, what, line] of cases) {
    const prepared = prepareCandidate(source);
    assert.ok(!prepared.ok && prepared.failure.category === "load", source);
    assert.match(prepared.failure.message, what);
    assert.equal(prepared.failure.line, line);
  }
});

Deno.test("prepareCandidate() strips the source-map comment in linear time, whatever the candidate's text", () => {
  // A line of the candidate's own that reads like the comment, then a long run of spaces: a regex
  // ending in /.*\s*$/ backtracks quadratically on it (minutes at this length).
  const trap = `//# sourceMappingURL=x${" ".repeat(200_000)}y`;
  const source = `export function f(): string {\n  return \`\n${trap}\n\`;\n}\n`;
  const prepared = prepareCandidate(source);
  assert.ok(prepared.ok);
  assert.ok(prepared.candidate.script.includes(trap), "the candidate's own text is kept");
  // The compiler's own comment is gone: the only one left is the candidate's.
  assert.equal(prepared.candidate.script.split("sourceMappingURL=").length, 2);
});

Deno.test("prepareCandidate() maps no position outside the script, whatever a message names", () => {
  const prepared = prepareCandidate("export function f(): number {\n  return 1;\n}\n");
  assert.ok(prepared.ok);
  for (const [line, column] of [[1, 1], [0, 5], [-3, 1], [2, 0], [2, -1], [1e20, 1]]) {
    assert.equal(prepared.candidate.original(line, column), null, `${line}:${column}`);
  }
  assert.equal(prepared.candidate.original(1), null);
});
