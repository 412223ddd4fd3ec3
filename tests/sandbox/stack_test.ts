// Tests trimming a worker's stack trace down to the candidate's own frames.
import assert from "node:assert/strict";
import { trimStack } from "../../src/sandbox/_stack.ts";

const url = "blob:null/0b6b8c8e-1111-2222-3333-444455556666";

Deno.test("trimStack() keeps the message and the candidate's frames, renamed, and locates the top one", () => {
  const stack = [
    "TypeError: bad input",
    "  (second line of the message)",
    `    at inner (${url}:12:5)`,
    `    at ${url}:3:1`,
    "    at next (blob:null/99999999-aaaa-bbbb-cccc-dddddddddddd:424:26)",
    "    at ext:core/01_core.js:1:2",
  ].join("\n");
  assert.deepEqual(trimStack(stack, url), {
    stack: "TypeError: bad input\n  (second line of the message)\n" +
      "    at inner (candidate.ts:12:5)\n    at candidate.ts:3:1",
    line: 12,
    column: 5,
  });
});

Deno.test("trimStack() gives no position when no frame is the candidate's", () => {
  assert.deepEqual(trimStack("Error: x\n    at ext:core/01_core.js:1:2", url), {
    stack: "Error: x",
  });
  assert.deepEqual(trimStack("", url), {});
});
