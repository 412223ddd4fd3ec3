import assert from "node:assert/strict";
import type { EvaluationRecord } from "../../../src/evolve/records/mod.ts";
import { failureBlocks, isLoadTimeout } from "../../../src/ui/pages/_evaluation.ts";

const CONTEXT = { rules: {}, sourceUrl: "/runs/r/programs/7/source", sourceFile: "program-7.ts" };

function evaluation(failure: EvaluationRecord["failure"]): EvaluationRecord {
  return {
    ok: false,
    failure,
    stages: [{ stage: "properties", ok: false, ms: 25_000, failure }],
  } as unknown as EvaluationRecord;
}

Deno.test("failureBlocks() labels a load timeout as the machine's and shows no input for it", () => {
  const failure = {
    category: "timeout",
    message: "timeout: loading the candidate ran past 10000 ms",
    counterexample: { weight: [[1, 2]] },
  } as const;
  assert.ok(isLoadTimeout(failure));
  const out = failureBlocks(evaluation(failure), CONTEXT).value;
  assert.match(out, /id="load-timeout"/);
  assert.doesNotMatch(out, /Counterexample/, "the failure came before any input");
  assert.doesNotMatch(out, /weight/);
});

Deno.test("failureBlocks() shows a shrunk input and output side by side, and a witness by itself", () => {
  const failure = {
    category: "invariant",
    rule: "r",
    message: 'invariant r violated: doc (witness: {"layer":0})',
    counterexample: { weight: [[1, 2]] },
    output: '{"a":1}',
    seed: 7,
  } as const;
  const out = failureBlocks(evaluation(failure), CONTEXT).value;
  assert.match(out, /<div class="side-by-side">/);
  assert.match(out, /Counterexample \(shrunk input\)/);
  assert.match(out, /Witness: <mark class="witness">\{&quot;layer&quot;:0\}<\/mark>/);
  assert.match(
    out,
    /&lt;spec\.yaml&gt; --program program-7\.ts --seed 7</,
    "no spec: a placeholder",
  );
  assert.doesNotMatch(out, /load-timeout/);
});
