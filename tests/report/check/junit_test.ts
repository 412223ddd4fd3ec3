import assert from "node:assert/strict";
import { parse } from "junit2json";
import { renderCheckJunit, xmlEscape } from "../../../src/report/check/mod.ts";
import { HOSTILE_TEXT, sampleCheckReport } from "../../_helpers/check_report.ts";

Deno.test("renderCheckJunit() loads in a JUnit parser with one testcase per stage and per invariant", async () => {
  const parsed = await parse(renderCheckJunit(sampleCheckReport()));
  assert.ok(parsed && "testsuite" in parsed);
  const suites = parsed.testsuite!;
  assert.equal(suites.length, 2);
  const names = suites[0].testcase!.map((c) => c.name);
  assert.deepEqual(names, [
    "stage typecheck",
    "stage properties",
    "stage train",
    "invariant every-expert-served",
    "invariant replica-count",
  ]);
  assert.equal(suites[0].failures, 0);
  assert.equal(parsed.tests, 5 + 4);
});

Deno.test("renderCheckJunit() marks the broken rule failed with its counterexample and the unreached rule skipped", async () => {
  const parsed = await parse(renderCheckJunit(sampleCheckReport()));
  assert.ok(parsed && "testsuite" in parsed);
  const dropper = parsed.testsuite![1].testcase!;
  const rule = dropper.find((c) => c.name === "invariant every-expert-served")!;
  assert.equal(rule.failure?.[0].type, "invariant");
  assert.match(rule.failure![0].inner!, /counterexample: \{"weight":\[\[0,1\]\],"numReplicas":2\}/);
  assert.match(rule.failure![0].inner!, /replay: --seed 42/);
  const other = dropper.find((c) => c.name === "invariant replica-count")!;
  assert.ok(other.skipped, "a rule the gate never finished checking is reported as skipped");
  assert.equal(parsed.testsuite![1].failures, 2);
});

Deno.test("renderCheckJunit() keeps hostile candidate text inside the XML as text", async () => {
  const xml = renderCheckJunit(sampleCheckReport());
  assert.ok(!xml.includes("<script>"));
  assert.ok(!xml.includes("\u0000"));
  const parsed = await parse(xml);
  assert.ok(parsed && "testsuite" in parsed);
  const stage = parsed.testsuite![1].testcase!.find((c) => c.name === "stage properties")!;
  assert.ok(stage.failure![0].inner!.includes("</failure></testcase>]]><script>alert(1)</script>"));
});

Deno.test("xmlEscape() escapes markup and replaces characters XML cannot carry", () => {
  assert.equal(xmlEscape(`a<b>&"'\u0001`), "a&lt;b&gt;&amp;&quot;&apos;\uFFFD");
  assert.equal(xmlEscape(HOSTILE_TEXT).includes("<"), false);
});
