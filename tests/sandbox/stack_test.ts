// Tests trimming a worker's stack trace down to the candidate's own frames, at TypeScript positions.
import assert from "node:assert/strict";
import { prepareCandidate, type PreparedCandidate } from "../../src/sandbox/_candidate.ts";
import { mapPositions, trimStack } from "../../src/sandbox/_stack.ts";

function prepared(source: string): PreparedCandidate {
  const result = prepareCandidate(source);
  assert.ok(result.ok);
  return result.candidate;
}

// Script line 1 is the wrapper, 2-4 the CommonJS preamble: `inner`'s throw is script line 6.
const CANDIDATE = prepared(
  "type N = number;\n\nexport function f(n: N): N {\n  return inner(n);\n}\n\n" +
    "function inner(n: N): N {\n  throw new TypeError(`bad ${n}`);\n}\n",
);

Deno.test("trimStack() keeps the message and the candidate's frames, at TypeScript positions", () => {
  const script = CANDIDATE.script.split("\n");
  const throwLine = script.findIndex((line) => line.includes("throw new TypeError")) + 1;
  const callLine = script.findIndex((line) => line.includes("return inner(n)")) + 1;
  const stack = [
    "TypeError: bad input",
    "  (second line of the message)",
    `  at inner (candidate.script.js:${throwLine}:11)`,
    `  at Object.f (candidate.script.js, <anonymous>:${callLine}:12)`,
    "  at safeEvaluate (blob:null/99999999-aaaa-bbbb-cccc-dddddddddddd:3:424)",
    "  at ext:core/01_core.js:1:2",
  ].join("\n");
  assert.deepEqual(trimStack(stack, CANDIDATE), {
    stack: "TypeError: bad input\n  (second line of the message)\n" +
      "    at inner (candidate.ts:8:9)\n    at Object.f (candidate.ts:4:10)",
    line: 8,
    column: 9,
  });
});

Deno.test("trimStack() gives no position when no frame is the candidate's", () => {
  assert.deepEqual(trimStack("Error: x\n    at ext:core/01_core.js:1:2", CANDIDATE), {
    stack: "Error: x",
  });
  assert.deepEqual(trimStack("", CANDIDATE), {});
});

Deno.test("mapPositions() rewrites line-only positions in messages too", () => {
  const script = CANDIDATE.script.split("\n");
  const throwLine = script.findIndex((line) => line.includes("throw new TypeError")) + 1;
  assert.equal(
    mapPositions(`SyntaxError: rejected at candidate.script.js:${throwLine}. (SES)`, CANDIDATE),
    "SyntaxError: rejected at candidate.ts:8. (SES)",
  );
});
