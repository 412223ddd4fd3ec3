// Tests the one factory from a spec to a running evaluator: it evaluates, its evaluator owns the
// children it started, and a failure while building leaves none behind.
import assert from "node:assert/strict";
import { join } from "node:path";
import { openSpecEvaluator } from "../../src/evaluate/mod.ts";

const KNOB = join(import.meta.dirname!, "../fixtures/specs/knob.yaml");

Deno.test("openSpecEvaluator() loads, compiles and evaluates a spec file", async () => {
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
});

Deno.test("openSpecEvaluator()'s children end when its evaluator closes or cannot be built", async () => {
  // In a process of its own, so the count holds no other test's sandbox children.
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", join(import.meta.dirname!, "_open_child.ts"), KNOB],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const figures = JSON.parse(new TextDecoder().decode(out.stdout));
  // A sandbox child and the bounded type checker's child while open; none after either end.
  assert.equal(figures.whileOpen, 2);
  assert.deepEqual(
    { afterClose: figures.afterClose, error: figures.error, afterFailure: figures.afterFailure },
    { afterClose: 0, error: "SpecError", afterFailure: 0 },
  );
});
