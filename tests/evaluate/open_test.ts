// Tests the one factory from a spec to a running evaluator: it evaluates, its evaluator owns the
// sandbox it started, and a failure while building leaves no sandbox child behind.
import assert from "node:assert/strict";
import { join } from "node:path";
import { SpecError } from "../../src/errors/mod.ts";
import { openSpecEvaluator } from "../../src/evaluate/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";
import { childPids } from "../sandbox/_procs.ts";

const KNOB = join(import.meta.dirname!, "../fixtures/specs/knob.yaml");

Deno.test("openSpecEvaluator() loads, compiles and evaluates a spec file; close() ends its sandbox", async () => {
  const before = childPids().length;
  const { spec, compiled, evaluator } = await openSpecEvaluator({
    spec: KNOB,
    sandbox: { size: 1, handleSignals: false },
    runs: 5,
    boundedTypecheck: false,
  });
  try {
    assert.equal(spec.name, "knob");
    assert.ok(compiled.typecheck, "the compiled spec came back with it");
    const evaluation = await evaluator.evaluate(await Deno.readTextFile(spec.program));
    assert.equal(evaluation.ok, true, evaluation.failure?.message ?? "");
    assert.equal(evaluation.stages.find((s) => s.stage === "properties")?.cases, 5);
  } finally {
    await evaluator.close();
  }
  assert.equal(childPids().length, before, "the evaluator closed the pool it was given");
});

Deno.test("openSpecEvaluator() closes the sandbox it started when the evaluator cannot be built", async () => {
  const spec = await loadSpec(KNOB);
  const broken = {
    ...spec,
    metrics: spec.metrics.map((m) =>
      "evaluator" in m ? { ...m, evaluator: { ...m.evaluator, name: "noSuchExport" } } : m
    ),
  };
  const before = childPids().length;
  await assert.rejects(
    openSpecEvaluator({ spec: broken, sandbox: { size: 1, handleSignals: false } }),
    SpecError,
  );
  assert.equal(childPids().length, before, "no sandbox child outlives the failure");
});
