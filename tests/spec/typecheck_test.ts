// Tests of type-checking candidate modules against a spec's generated entry signature.
import assert from "node:assert/strict";
import { createCandidateChecker } from "../../src/spec/mod.ts";

const topk = createCandidateChecker({
  entry: "topK",
  args: ["xs", "k"],
  input: {
    type: "object",
    properties: { xs: { type: "array", items: { type: "integer" } }, k: { type: "integer" } },
    required: ["xs", "k"],
  },
  output: { type: "array", items: { type: "integer" } },
});

Deno.test("createCandidateChecker() accepts a candidate matching the signature", () => {
  const source = `// comment
export function topK(xs: number[], k: number): number[] {
  const copy = [...xs];
  copy.sort((a, b) => b - a);
  console.log(copy.length);
  return copy.slice(0, k);
}
`;
  assert.deepEqual(topk(source), []);
});

Deno.test("createCandidateChecker() lets candidates use the spec's Input/Output types or their own", () => {
  assert.deepEqual(
    topk("export const topK = (xs: Input['xs'], k: number): Output => xs.slice(0, k);"),
    [],
  );
  assert.deepEqual(
    topk(
      "type Output = number[];\nexport function topK(xs: number[], k: number): Output { return xs; }",
    ),
    [],
  );
});

Deno.test("createCandidateChecker() locates type errors in the candidate's own lines", () => {
  const source = `export function topK(xs: number[], k: number): number[] {
  const best: string = xs[0];
  return xs.slice(0, k).map((x) => x.toFixed());
}
`;
  const d = topk(source);
  assert.deepEqual(d.map((x) => [x.line, x.column, x.code]), [[2, 9, 2322], [3, 3, 2322]]);
  assert.match(d[0].message, /Type 'number' is not assignable to type 'string'/);
});

Deno.test("createCandidateChecker() reports an export that does not match the signature at the export", () => {
  const d = topk("\n\nexport function topK(xs: string[]): number[] {\n  return [xs.length];\n}\n");
  assert.equal(d.length, 1);
  assert.deepEqual([d[0].line, d[0].column], [3, 1]);
  assert.match(
    d[0].message,
    /^`topK` does not match the signature \(xs: number\[\], k: number\) => Output:/,
  );
});

Deno.test("createCandidateChecker() requires the entry export and names what is exported", () => {
  const d = topk("export function topk(xs: number[], k: number) { return xs; }\n");
  assert.equal(d.length, 1);
  assert.match(d[0].message, /must export `topK` .* \(it exports: topk\)/);
  assert.match(topk("function topK() {}\n")[0].message, /it exports nothing/);
});

Deno.test("createCandidateChecker() reports syntax errors, unknown globals and imports", () => {
  const syntax = topk(
    "export function topK(xs: number[], k: number): number[] {\n  return xs.slice(0, k;\n}\n",
  );
  assert.equal(syntax[0].line, 2);
  assert.match(syntax[0].message, /expected/);
  const deno = topk("export function topK(xs: number[], k: number) { Deno.exit(1); return xs; }\n");
  assert.match(deno[0].message, /Cannot find name 'Deno'/);
  const imports = topk(
    'import { x } from "./other.ts";\nexport const topK = (xs: number[], k: number) => xs;\n',
  );
  assert.match(imports[0].message, /Cannot find module/);
});

Deno.test("createCandidateChecker() keeps checkers of different specs apart", () => {
  const other = createCandidateChecker({
    entry: "topK",
    args: null,
    input: { type: "string" },
    output: { type: "string" },
  });
  const stringy = "export function topK(input: string): string { return input; }\n";
  assert.deepEqual(other(stringy), []);
  assert.equal(topk(stringy).length, 1);
  assert.deepEqual(other(stringy), []);
});
