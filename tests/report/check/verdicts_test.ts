// Tests what a CI user reads when a rule breaks only on a workload case or on a spec example: the
// rule's testcase fails (not green), the case is labelled for what it is, the doc line shows once.
import assert from "node:assert/strict";
import { parse } from "junit2json";
import type { Evaluation, EvaluationFailure } from "../../../src/evaluate/types.ts";
import {
  buildCheckReport,
  renderCheckJunit,
  renderCheckTerminal,
} from "../../../src/report/check/mod.ts";
import type { Spec } from "../../../src/spec/types.ts";

const spec = {
  name: "jobs",
  file: "jobs.yaml",
  hash: "h",
  cascade: { stages: ["typecheck", "properties", "train", "holdout"] },
  invariants: [{ id: "covers", doc: "the servers cover the load" }, { id: "other", doc: "x" }],
} as unknown as Spec;

const onWorkload: EvaluationFailure = {
  category: "invariant",
  rule: "covers",
  doc: "the servers cover the load",
  message: "train-a.csv case 3: invariant covers violated: the servers cover the load",
  counterexample: { load: 5 },
  workload: { file: "/w/train-a.csv", case: 3 },
};

const evaluation = (failure: EvaluationFailure, stage: "properties" | "train"): Evaluation => ({
  ok: false,
  stages: [
    { stage: "typecheck", ok: true, ms: 1 },
    {
      stage: "properties",
      ok: stage !== "properties",
      ms: 1,
      ...(stage === "properties" ? { failure } : {}),
    },
    ...(stage === "train" ? [{ stage: "train" as const, ok: false, ms: 1, failure }] : []),
  ],
  failure,
});

Deno.test("renderCheckJunit() fails a rule broken only on a workload case in the rule's own testcase", async () => {
  const report = buildCheckReport(spec, { runs: 10, seed: 1, holdout: true }, [
    { label: "program", path: "a.ts", evaluation: evaluation(onWorkload, "train") },
  ]);
  const parsed = await parse(renderCheckJunit(report));
  assert.ok(parsed && "testsuite" in parsed);
  const cases = parsed.testsuite![0].testcase!;
  const rule = cases.find((c) => c.name === "invariant covers")!;
  assert.ok(rule.failure, "the rule broken on a workload is not green");
  assert.match(rule.failure![0].inner!, /workload: \/w\/train-a\.csv, case 3/);
  assert.match(rule.failure![0].inner!, /smallest failing case of the workload/);
  assert.ok(!/replay:/.test(rule.failure![0].inner!), "a workload case has no fast-check replay");
  assert.equal(parsed.testsuite![0].failures, 1);
  assert.equal(
    cases.find((c) => c.name === "stage holdout")!.skipped![0].message,
    "not run: stage train failed",
  );
  assert.ok(cases.find((c) => c.name === "invariant other")!.skipped);
});

Deno.test("renderCheckTerminal() labels an example counterexample as an example and says the doc once", () => {
  const { workload: _, ...generated } = onWorkload;
  const failure: EvaluationFailure = {
    ...generated,
    message: 'invariant covers violated: the servers cover the load (witness: {"needed":3})',
    counterexample: { load: 0 },
    example: 0,
    seed: 5,
    path: "0",
  };
  const report = buildCheckReport(spec, { runs: 10, seed: 1, holdout: false }, [
    { label: "program", path: "a.ts", evaluation: evaluation(failure, "properties") },
  ]);
  const text = renderCheckTerminal(report);
  assert.match(text, /counterexample \(properties\.examples\[0\], as written\): \{"load":0\}/);
  assert.ok(!text.includes("(shrunk)"));
  assert.equal(text.split("the servers cover the load").length - 1, 1, text);
  assert.match(text, /replay: --seed 5 --path 0/);
});
