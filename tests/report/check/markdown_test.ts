import assert from "node:assert/strict";
import { renderCheckMarkdown, renderCheckTerminal } from "../../../src/report/check/mod.ts";
import { sampleCheckReport } from "../../_helpers/check_report.ts";

Deno.test("renderCheckMarkdown() shows the verdict, a stage table and a row per invariant", () => {
  const md = renderCheckMarkdown(sampleCheckReport());
  assert.match(md, /^## specevolve check: eplb — ❌ failed/);
  assert.match(
    md,
    /\| baseline greedy specs\/eplb\/baselines\/greedy\.ts \| ok 12 ms \| ok 200 cases \| ok 0\.6100 \| 0\.6100/,
  );
  assert.match(
    md,
    /\| `every-expert-served` \| each logical expert keeps at least one replica \| ✅ \| ❌ \|/,
  );
  assert.match(md, /\| `replica-count` \| logcnt sums to numReplicas \| ✅ \| ➖ \|/);
});

Deno.test("renderCheckMarkdown() fences hostile failure text so it cannot end the code block or inject HTML", () => {
  const md = renderCheckMarkdown(sampleCheckReport());
  const section = md.slice(md.indexOf("### ❌ dropper"));
  const fence = /^(`{4,})$/m.exec(section)?.[1];
  assert.ok(fence, "a fence longer than the ``` inside the message");
  assert.match(section, /counterexample \(shrunk\): \{"weight":\[\[0,1\]\],"numReplicas":2\}/);
  const table = md.slice(0, md.indexOf("### ❌"));
  assert.ok(!table.includes("<script>"));
});

Deno.test("renderCheckTerminal() lists every stage of every program and explains the failure", () => {
  const text = renderCheckTerminal(sampleCheckReport());
  assert.match(text, /^check eplb: FAILED/);
  assert.match(text, /dropper \(tests\/fixtures\/dropper\.ts\): FAILED/);
  assert.match(text, /properties +FAIL invariant/);
  assert.match(text, /rule: every-expert-served — each logical expert keeps at least one replica/);
});
