import assert from "node:assert/strict";
import { parseAnswer } from "../../../src/evolve/llm/diff.ts";

Deno.test("parseAnswer() reads several SEARCH/REPLACE blocks and the explanation before them", () => {
  const text = [
    "Sort first, then assign greedily.",
    "",
    "```typescript",
    "<<<<<<< SEARCH",
    "  a();",
    "=======",
    "  b();",
    "  c();",
    ">>>>>>> REPLACE",
    "```",
    "<<<<<<< SEARCH",
    "x",
    "=======",
    ">>>>>>> REPLACE",
  ].join("\n");
  const p = parseAnswer(text);
  assert.equal(p.kind, "diff");
  assert.ok(p.kind === "diff");
  assert.deepEqual(p.edits, [
    { search: "  a();", replace: "  b();\n  c();" },
    { search: "x", replace: "" },
  ]);
  assert.equal(p.explanation, "Sort first, then assign greedily.");
});

Deno.test("parseAnswer() accepts CRLF line ends and marker lengths other than seven", () => {
  const p = parseAnswer("<<<<<< SEARCH\r\nold\r\n========\r\nnew\r\n>>>>>>>> REPLACE\r\n");
  assert.ok(p.kind === "diff");
  assert.deepEqual(p.edits, [{ search: "old", replace: "new" }]);
});

Deno.test("parseAnswer() reports a block cut off before REPLACE instead of using part of it", () => {
  const p = parseAnswer("<<<<<<< SEARCH\na\n=======\nb\n<<<<<<< SEARCH\nc\n=======\nd\n");
  assert.equal(p.kind, "none");
  assert.ok(
    p.kind === "none" && /misplaced marker at answer line 5/.test(p.reason),
    JSON.stringify(p),
  );
  const cut = parseAnswer("ok\n<<<<<<< SEARCH\na\n=======\nb");
  assert.ok(cut.kind === "none" && /not closed .*token limit/.test(cut.reason));
});

Deno.test("parseAnswer() takes the longest code fence as a full rewrite", () => {
  const text = 'Here is the idea.\n```json\n{"long": "' + "x".repeat(200) + '"}\n```\n' +
    "```ts\nconst short = 1;\n```\n```typescript\nexport function f() {\n  return 2;\n}\n```\n";
  const p = parseAnswer(text);
  assert.ok(p.kind === "rewrite");
  assert.equal(p.source, "export function f() {\n  return 2;\n}\n");
  assert.equal(p.explanation, "Here is the idea.");
});

Deno.test("parseAnswer() keeps shorter backtick runs inside a longer fence", () => {
  const p = parseAnswer("````ts\nconst s = `a ``` b`;\n````\n");
  assert.ok(p.kind === "rewrite");
  assert.equal(p.source, "const s = `a ``` b`;\n");
});

Deno.test("parseAnswer() ignores an unclosed fence and prose-only answers", () => {
  for (
    const text of ["I think you should sort the items.", "```typescript\nexport function f(", ""]
  ) {
    const p = parseAnswer(text);
    assert.equal(p.kind, "none", text);
    assert.ok(p.kind === "none" && /no SEARCH\/REPLACE block/.test(p.reason));
  }
});
