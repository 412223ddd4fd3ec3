import assert from "node:assert/strict";
import { applyAnswer, applyEdits } from "../../../src/evolve/llm/apply.ts";
import { parseAnswer } from "../../../src/evolve/llm/diff.ts";
import { PARENT } from "./_fixtures.ts";

const diff = (search: string, replace: string) =>
  parseAnswer(`<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE\n`);

Deno.test("applyAnswer() applies an exact SEARCH/REPLACE inside the EVOLVE-BLOCK", () => {
  const r = applyAnswer(PARENT, diff("    out.push(i % bins);", "    out.push((i * 7) % bins);"));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.source, PARENT.replace("out.push(i % bins)", "out.push((i * 7) % bins)"));
});

Deno.test("applyAnswer() forgives whitespace-only differences and re-indents the replacement", () => {
  // The model dropped the indentation and doubled a space.
  const r = applyAnswer(
    PARENT,
    diff(
      "for (let i = 0; i <  weights.length; i++) {\n  out.push(i % bins);\n}",
      "for (const w of weights) {\n  out.push(0);\n}",
    ),
  );
  assert.ok(r.ok, JSON.stringify(r));
  assert.ok(r.source.includes("  for (const w of weights) {\n    out.push(0);\n  }\n"), r.source);
  assert.ok(!r.source.includes("i % bins"));
});

Deno.test("applyAnswer() explains a SEARCH that matches nothing", () => {
  const r = applyAnswer(PARENT, diff("out.push(bins);", "out.push(1);"));
  assert.equal(r.ok, false);
  assert.ok(
    !r.ok && /block 1 does not match.*"out\.push\(bins\);"/.test(r.reason),
    !r.ok ? r.reason : "",
  );
});

Deno.test("applyAnswer() rejects an edit outside the EVOLVE-BLOCKs, naming the line", () => {
  const r = applyAnswer(PARENT, diff("  return out;", "  return out.reverse();"));
  assert.equal(r.ok, false);
  assert.ok(
    !r.ok && /outside the EVOLVE-BLOCKs/.test(r.reason) && /line 9/.test(r.reason),
    !r.ok ? r.reason : "",
  );
});

Deno.test("applyAnswer() rejects an edit that removes a marker line", () => {
  const r = applyAnswer(PARENT, diff("  // EVOLVE-BLOCK-END", ""));
  assert.ok(!r.ok && r.reason.startsWith("EVOLVE-BLOCK:"), !r.ok ? r.reason : "");
});

Deno.test("applyAnswer() rejects an empty SEARCH and a change that changes nothing", () => {
  const empty = applyAnswer(PARENT, diff("", "x"));
  assert.ok(!empty.ok && /SEARCH part is empty/.test(empty.reason));
  const same = applyAnswer(PARENT, diff("    out.push(i % bins);", "    out.push(i % bins);"));
  assert.ok(!same.ok && /changes nothing/.test(same.reason));
});

Deno.test("applyAnswer() prefers the occurrence inside a block when the SEARCH text repeats", () => {
  const twice =
    "const k = 1;\nlet v = 1;\n// EVOLVE-BLOCK-START\nlet v = 1;\n// EVOLVE-BLOCK-END\n";
  const r = applyAnswer(twice, diff("let v = 1;", "let v = 2;"));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.source, twice.replace("START\nlet v = 1;", "START\nlet v = 2;"));
});

Deno.test("applyEdits() applies edits in order, each to the previous result", () => {
  const r = applyEdits("a\nb\nc\n", [{ search: "a", replace: "x" }, {
    search: "x\nb",
    replace: "y",
  }]);
  assert.deepEqual(r, { ok: true, source: "y\nc\n" });
  const bad = applyEdits("a\nb\n", [{ search: "a", replace: "x" }, { search: "a", replace: "z" }]);
  assert.ok(!bad.ok && /block 2/.test(bad.reason));
});

Deno.test("applyAnswer() accepts a full rewrite that changes only block contents", () => {
  const rewrite = PARENT.replace("out.push(i % bins);", "out.push(weights.length % bins);");
  const r = applyAnswer(PARENT, parseAnswer("New idea.\n```typescript\n" + rewrite + "```\n"));
  assert.deepEqual(r, { ok: true, source: rewrite });
});

Deno.test("applyAnswer() keeps the parent's outside text when a rewrite only re-spaced it", () => {
  const rewrite = PARENT.replace("out.push(i % bins);", "out.push(0);")
    .replace(
      "export function place(weights: number[], bins: number)",
      "export function place(weights: number[],  bins: number)",
    )
    .replace("  return out;", "    return out;   ");
  const r = applyAnswer(PARENT, parseAnswer("```ts\n" + rewrite + "```"));
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.source, PARENT.replace("out.push(i % bins);", "out.push(0);"));
});

Deno.test("applyAnswer() rejects a rewrite that changes code outside the blocks", () => {
  const rewrite = PARENT.replace("return out;", "return [];").replace(
    "out.push(i % bins);",
    "out.push(0);",
  );
  const r = applyAnswer(PARENT, parseAnswer("```typescript\n" + rewrite + "```"));
  assert.ok(!r.ok && /outside the EVOLVE-BLOCKs/.test(r.reason), JSON.stringify(r));
});

Deno.test("applyAnswer() rejects a rewrite that dropped the marker lines", () => {
  const rewrite = PARENT.split("\n").filter((l) => !l.includes("EVOLVE-BLOCK")).join("\n");
  const r = applyAnswer(PARENT, parseAnswer("```typescript\n" + rewrite + "```"));
  assert.ok(!r.ok && /EVOLVE-BLOCK/.test(r.reason), JSON.stringify(r));
});

Deno.test("applyAnswer() lets a program without markers change anywhere", () => {
  const src = "export const f = (x: number) => x + 1;\n";
  const r = applyAnswer(
    src,
    diff("export const f = (x: number) => x + 1;", "export const f = (x: number) => x + 2;"),
  );
  assert.deepEqual(r, { ok: true, source: src.replace("+ 1", "+ 2") });
});

Deno.test("applyAnswer() passes on the parser's reason when the answer had no code", () => {
  const r = applyAnswer(PARENT, parseAnswer("I would sort the items first."));
  assert.ok(!r.ok && /no SEARCH\/REPLACE block/.test(r.reason));
});
