// Tests the evaluation budgets of issue-12 class 9: a closed-loop candidate cannot grow its carried
// state without bound, an episode and a whole evaluation have wall-clock budgets, and exceeding
// one fails the candidate naming which (running_sum.yaml, in a real sandbox).
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSpecEvaluator } from "../../src/evaluate/mod.ts";
import { SandboxPool } from "../../src/sandbox/mod.ts";
import { compileSpec, loadSpec, type Spec } from "../../src/spec/mod.ts";

const FIXTURE = join(import.meta.dirname!, "..", "fixtures", "specs", "running_sum.yaml");
const loaded = await loadSpec(FIXTURE);

/** Carries every number ever seen, padded a kilobyte a step: state that only grows. */
const BLOATS = "export function add(x: number, state: unknown) {\n" +
  "  const seen = [...((state as number[] | null) ?? []), x, ...new Array(128).fill(0)];\n" +
  "  return { sum: seen.reduce((a, b) => a + b, 0), state: seen };\n}\n";
/** Right answers, each step after a long computation. */
const SLOW = "export function add(x: number, state: unknown) {\n" +
  "  let spin = 0;\n  for (let i = 0; i < 2e8; i++) spin += i % 3;\n" +
  "  const sum = ((state as number | null) ?? 0) + x + (spin < 0 ? 1 : 0);\n" +
  "  return { sum, state: sum };\n}\n";

async function evaluate(sandbox: Partial<Spec["sandbox"]>, source: string) {
  const spec: Spec = {
    ...loaded,
    cascade: { ...loaded.cascade, stages: ["properties"] },
    sandbox: { ...loaded.sandbox, ...sandbox },
  };
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 60_000 });
  const evaluator = await createSpecEvaluator({
    spec,
    compiled: await compileSpec(spec),
    sandbox: pool,
    ownsSandbox: true,
  });
  try {
    return await evaluator.evaluate(source);
  } finally {
    await evaluator.close();
  }
}

Deno.test("evaluate() caps a closed-loop candidate's carried state at sandbox.maxStateBytes", async () => {
  const evaluation = await evaluate({ maxStateBytes: 4096 }, BLOATS);
  assert.equal(evaluation.failure?.category, "invalid-output");
  assert.match(evaluation.failure!.message, /over the limit of 4096 bytes/);
  assert.match(evaluation.failure!.message, /capped by sandbox\.maxStateBytes/);
});

Deno.test("evaluate() stops an episode past sandbox.episodeMs, naming the budget", async () => {
  const evaluation = await evaluate({ episodeMs: 20 }, SLOW);
  assert.equal(evaluation.failure?.category, "timeout");
  assert.match(
    evaluation.failure!.message,
    /ran out of its budget \(sandbox\.episodeMs: 20 ms per episode\)/,
  );
});

Deno.test("evaluate() stops an evaluation past sandbox.evaluationMs, naming the budget", async () => {
  const evaluation = await evaluate({ evaluationMs: 30 }, SLOW);
  assert.equal(evaluation.failure?.category, "timeout");
  assert.match(
    evaluation.failure!.message,
    /ran out of its budget \(sandbox\.evaluationMs: 30 ms per evaluation\)/,
  );
});
