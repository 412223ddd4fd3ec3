import assert from "node:assert/strict";
import { parse } from "junit2json";
import { renderCheckJunit, xmlEscape } from "../../../src/report/check/mod.ts";
import { HOSTILE_TEXT, sampleCheckReport } from "../../_helpers/check_report.ts";

Deno.test("renderCheckJunit() loads in a JUnit parser with one testcase per stage and per invariant", async () => {
  const parsed = await parse(renderCheckJunit(sampleCheckReport()));
  assert.ok(parsed && "testsuite" in parsed);
  const suites = parsed.testsuite!;
  assert.equal(suites.length, 2);
  // Each program's suite is named by its file, so several --program runs stay apart.
  assert.equal(suites[1].name, "eplb dropper tests/fixtures/dropper.ts");
  const names = suites[0].testcase!.map((c) => c.name);
  assert.deepEqual(names, [
    "stage typecheck",
    "stage properties",
    "stage train",
    "invariant every-expert-served",
    "invariant replica-count",
  ]);
  assert.equal(suites[0].failures, 0);
  assert.equal(parsed.tests, 5 + 5);
});

Deno.test("renderCheckJunit() marks the broken rule failed with its counterexample and the unreached rule skipped", async () => {
  const parsed = await parse(renderCheckJunit(sampleCheckReport()));
  assert.ok(parsed && "testsuite" in parsed);
  const dropper = parsed.testsuite![1].testcase!;
  const rule = dropper.find((c) => c.name === "invariant every-expert-served")!;
  assert.equal(rule.failure?.[0].type, "invariant");
  assert.match(
    rule.failure![0].inner!,
    /counterexample \(shrunk\): \{"weight":\[\[0,1\]\],"numReplicas":2\}/,
  );
  assert.match(rule.failure![0].inner!, /replay: --seed 42 --path 3:1:0/);
  const other = dropper.find((c) => c.name === "invariant replica-count")!;
  assert.ok(other.skipped, "a rule the gate never finished checking is reported as skipped");
  // One defect, one failure: the stage it broke in points to the rule's testcase.
  assert.equal(parsed.testsuite![1].failures, 1);
  const stage = dropper.find((c) => c.name === "stage properties")!;
  assert.match(stage.skipped![0].message!, /counted in testcase "invariant every-expert-served"/);
  // A stage that never ran is listed, skipped with the reason.
  const train = dropper.find((c) => c.name === "stage train")!;
  assert.equal(train.skipped![0].message, "not run: stage properties failed");
});

Deno.test("renderCheckJunit() keeps hostile candidate text inside the XML as text", async () => {
  const xml = renderCheckJunit(sampleCheckReport());
  assert.ok(!xml.includes("<script>"));
  assert.ok(!xml.includes("\u0000"));
  const parsed = await parse(xml);
  assert.ok(parsed && "testsuite" in parsed);
  const rule = parsed.testsuite![1].testcase!.find((c) =>
    c.name === "invariant every-expert-served"
  )!;
  assert.ok(rule.failure![0].inner!.includes("</failure></testcase>]]><script>alert(1)</script>"));
});

Deno.test("xmlEscape() escapes markup and replaces characters XML cannot carry", () => {
  assert.equal(xmlEscape(`a<b>&"'\u0001`), "a&lt;b&gt;&amp;&quot;&apos;\uFFFD");
  assert.equal(xmlEscape(HOSTILE_TEXT).includes("<"), false);
});
