import assert from "node:assert/strict";
import type { Evaluation } from "../../../src/evaluate/types.ts";
import {
  answerMode,
  buildPrompt,
  formatPrompt,
  promptContext,
  promptTypes,
  resolvePromptOptions,
} from "../../../src/evolve/llm/prompt.ts";
import { loadTemplates } from "../../../src/evolve/llm/template.ts";
import { generateTypes } from "../../../src/spec/types_gen.ts";
import { PARENT, request, toySpec, TYPES } from "./_fixtures.ts";

const templates = await loadTemplates();
const context = promptContext(toySpec(), TYPES);

const parentEvaluation: Evaluation = {
  ok: true,
  stages: [
    { stage: "typecheck", ok: true, ms: 70 },
    { stage: "properties", ok: true, ms: 300, cases: 200 },
    {
      stage: "train",
      ok: true,
      ms: 900,
      result: {
        score: 0.5,
        metrics: { balance: 0.55, runtime_ms: 1.2 },
        perWorkload: { "w-a": { balance: 0.61 }, "w-b": { balance: 0.49 } },
      },
    },
    {
      stage: "holdout",
      ok: true,
      ms: 900,
      result: { score: 0.4242, metrics: { balance: 0.4747 }, perWorkload: {} },
    },
  ],
};

Deno.test("buildPrompt() puts the description and prompt.system in the system message", () => {
  const p = buildPrompt(context, request(), templates);
  assert.ok(p.system.includes("Assign each weighted item to a bin"), p.system);
  assert.ok(p.system.includes("Prefer simple greedy heuristics"));
  assert.ok(p.system.includes("`toy-balance`"));
  assert.ok(!p.system.includes("{{"), "no placeholder is left");
});

Deno.test("buildPrompt() gives the entry's generated types, the rules in words, the metrics and the score", () => {
  const { user } = buildPrompt(context, request(), templates);
  assert.ok(user.includes("export a function `place`"));
  assert.ok(user.includes(TYPES), "types verbatim");
  assert.ok(user.includes("- `bin-in-range`: every item goes to a bin between 0 and bins-1"));
  assert.ok(user.includes("- `one-per-item`: the output has one bin per item"));
  assert.ok(user.includes("- `balance`: higher is better"));
  assert.ok(user.includes("- `runtime_ms`: lower is better (wall time"));
  assert.ok(user.includes("`0.9 * balance + 0.1 * speed(runtime_ms)`"));
  assert.ok(!/\{\{|\}\}/.test(user.replace(PARENT, "")), "no placeholder is left");
});

Deno.test("buildPrompt() shows enabled hints and leaves ablated ones out", () => {
  const plain = buildPrompt(context, request(), templates).user;
  assert.ok(plain.includes("Sorting items by weight, heaviest first"));
  assert.ok(!plain.includes("Longest-processing-time-first"), "disabled in the spec");
  const ablated = buildPrompt(context, request(), templates, {
    hints: { "sort-first": false, lpt: true },
  }).user;
  assert.ok(!ablated.includes("Sorting items by weight"));
  assert.ok(ablated.includes("Longest-processing-time-first"));
  const none = buildPrompt(context, request(), templates, { hints: { "sort-first": false } }).user;
  assert.ok(!none.includes("## Hints"), "an empty section disappears with its heading");
});

Deno.test("buildPrompt() adds hints a human gave the running evolution", () => {
  const { user } = buildPrompt(context, request({ hints: ["try a heap"] }), templates, {
    hints: { "sort-first": false },
  });
  assert.ok(user.includes("## Hints"));
  assert.ok(user.includes("- (from the researcher) try a heap"));
});

Deno.test("buildPrompt() shows the parent with its metrics and per-stage feedback, never holdout", () => {
  const { user } = buildPrompt(context, request({ parentEvaluation }), templates);
  assert.ok(user.includes("## Current program (score 0.5; balance 0.55, runtime_ms 1.2)"));
  assert.ok(user.includes("```typescript\n" + PARENT + "```"));
  assert.ok(user.includes("- typecheck: passed"));
  assert.ok(user.includes("- properties: passed, 200 cases"));
  assert.ok(user.includes("per workload: w-a: balance 0.61; w-b: balance 0.49"));
  assert.ok(!user.includes("holdout") && !user.includes("0.4242") && !user.includes("0.4747"));
});

Deno.test("buildPrompt() feeds back recent failures with category, rule and shrunk counterexample", () => {
  const { user } = buildPrompt(
    context,
    request({
      failures: [
        {
          category: "invariant",
          message: "invariant bin-in-range failed",
          rule: "bin-in-range",
          doc: "every item goes to a bin between 0 and bins-1",
          counterexample: { weights: [0], bins: 1 },
          output: "[1]",
        },
        { category: "timeout", message: "timeout: call 3 ran past 2000 ms", line: 4, column: 2 },
      ],
    }),
    templates,
  );
  assert.ok(user.includes("## Recent failures in this lineage"));
  assert.ok(user.includes("1. [invariant] rule `bin-in-range` (every item goes to a bin"));
  assert.ok(user.includes('{"weights":[0],"bins":1}'));
  assert.ok(user.includes("Output on it:"));
  assert.ok(user.includes("2. [timeout] at line 4:2: timeout: call 3 ran past 2000 ms"));
});

Deno.test("buildPrompt() clips huge counterexamples and caps the number of failures", () => {
  const failures = Array.from({ length: 9 }, (_, i) => ({
    category: "invariant" as const,
    message: `failure number ${i}`,
    counterexample: { weights: Array.from({ length: 5000 }, () => 1) },
  }));
  const { user } = buildPrompt(context, request({ failures }), templates, {
    maxFailures: 3,
    maxExampleChars: 100,
  });
  assert.ok(user.includes("failure number 2") && !user.includes("failure number 3"));
  assert.ok(user.includes("more chars)"));
  assert.ok(user.length < 12_000, `prompt length ${user.length}`);
});

Deno.test("buildPrompt() lists inspirations with their scores and sources", () => {
  const { user } = buildPrompt(
    context,
    request({
      inspirations: [
        { id: "9", source: "// best so far\n", score: 0.9, metrics: { balance: 0.93 } },
        { id: "4", source: "// a different idea\n", score: 0.31 },
      ],
    }),
    templates,
  );
  assert.ok(
    user.includes("### Program A (score 0.9; balance 0.93)\n\n```typescript\n// best so far\n```"),
  );
  assert.ok(user.includes("### Program B (score 0.31)"));
  assert.ok(!buildPrompt(context, request(), templates).user.includes("for inspiration"));
});

Deno.test("buildPrompt() includes free-form feedback such as a diff that did not apply", () => {
  const { user } = buildPrompt(
    context,
    request({ feedback: ["proposal failed (llm:m): SEARCH/REPLACE block 1 does not match"] }),
    templates,
  );
  assert.ok(
    user.includes("## Other feedback\n\n- proposal failed (llm:m): SEARCH/REPLACE block 1"),
  );
});

Deno.test("buildPrompt() asks for SEARCH/REPLACE or a full rewrite as the seed and ratio decide", () => {
  const diff = buildPrompt(context, request(), templates, { fullRewriteRatio: 0 });
  assert.equal(diff.mode, "diff");
  assert.ok(diff.user.includes("<<<<<<< SEARCH") && diff.user.includes(">>>>>>> REPLACE"));
  assert.ok(diff.user.includes("never edit, move or\n  remove those marker lines"));
  const rewrite = buildPrompt(context, request(), templates, { fullRewriteRatio: 1 });
  assert.equal(rewrite.mode, "rewrite");
  assert.ok(rewrite.user.includes("complete new program in a single ```typescript block"));
  assert.ok(!rewrite.user.includes("<<<<<<< SEARCH"));
  const modes = Array.from({ length: 400 }, (_, seed) => answerMode(seed, 0.25));
  const share = modes.filter((m) => m === "rewrite").length / modes.length;
  assert.ok(share > 0.17 && share < 0.33, `rewrite share ${share}`);
  assert.deepEqual(modes, Array.from({ length: 400 }, (_, seed) => answerMode(seed, 0.25)));
});

Deno.test("buildPrompt() drops the marker rules for a program without EVOLVE-BLOCKs", () => {
  const parent = { id: "p", source: "export function place() { return []; }\n" };
  const { user } = buildPrompt(context, request({ parent }), templates, { fullRewriteRatio: 0 });
  assert.ok(!user.includes("EVOLVE-BLOCK"));
  assert.ok(user.includes("## Current program (not scored yet)"));
});

Deno.test("buildPrompt() is a pure function of its inputs", () => {
  const r = request({ parentEvaluation, inspirations: [{ id: "2", source: "x\n", score: 1 }] });
  assert.deepEqual(buildPrompt(context, r, templates), buildPrompt(context, r, templates));
});

Deno.test("buildPrompt() keeps a program's own blank lines and braces intact", () => {
  const source =
    "// EVOLVE-BLOCK-START\nconst t = `{{entry}}`;\n\n\n\nlet x = 1;\n// EVOLVE-BLOCK-END\n";
  const { user } = buildPrompt(context, request({ parent: { id: "p", source } }), templates);
  assert.ok(user.includes(source));
});

Deno.test("formatPrompt() labels both messages", () => {
  assert.equal(
    formatPrompt({ system: "S\n", user: "U\n" }),
    "=== system ===\nS\n\n=== user ===\nU\n",
  );
});

Deno.test("resolvePromptOptions() rejects a rewrite ratio outside [0, 1]", () => {
  assert.throws(() => resolvePromptOptions({ fullRewriteRatio: 1.5 }), RangeError);
  assert.equal(resolvePromptOptions().fullRewriteRatio, 0.1);
});

Deno.test("promptTypes() keeps Input, Output and the entry signature and leaves Params out", () => {
  const spec = toySpec({
    input: {
      type: "object",
      properties: {
        weights: { type: "array", items: { type: "number" } },
        bins: { type: "integer" },
      },
      required: ["weights", "bins"],
    },
    output: { type: "array", items: { type: "integer" } },
    params: { type: "object", properties: { secretKnob: { type: "integer" } } },
  });
  const text = promptTypes(generateTypes(spec), "place");
  assert.ok(text.includes("type Input = {"), text);
  assert.ok(text.includes("type Output = number[];"), text);
  assert.ok(text.includes("`place` must be exported with this signature"), text);
  assert.ok(text.includes("type Entry = (weights: number[], bins: number) => Output;"), text);
  assert.ok(!text.includes("Params") && !text.includes("secretKnob"), text);
  const viaContext = promptContext(spec, generateTypes(spec));
  assert.equal(viaContext.types, text);
});
