// Tests the cascade's order and gates on the knob test spec with an in-process fake sandbox: a
// candidate that behaves on generated inputs but cheats on a workload is still rejected, a weak
// one stops at the quick threshold before train, and quick workloads are not run twice.
import assert from "node:assert/strict";
import { isSandboxError, SandboxError } from "../../src/errors/mod.ts";
import { createSpecEvaluator } from "../../src/evaluate/mod.ts";
import type { RunRequest, RunResult, Sandbox } from "../../src/sandbox/types.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";

const loaded = await loadSpec(new URL("../fixtures/specs/knob.yaml", import.meta.url).pathname);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Candidates by source text, answered in process. */
const CANDIDATES: Record<string, (xs: number[]) => number> = {
  good: (xs) => 1.5 * mean(xs),
  weak: () => 0,
  // Only workload train/b.json starts [4, 8, 15, ...]; generated inputs never do.
  "cheats on a workload": (
    xs,
  ) => (xs[0] === 4 && xs[1] === 8 && xs[2] === 15 ? -1 : 1.5 * mean(xs)),
};

class FakeSandbox implements Sandbox {
  readonly workloadRuns: number[] = [];
  /** Every run throws, as a pool whose children cannot start does. */
  broken = false;
  run(request: RunRequest): Promise<RunResult> {
    if (this.broken) {
      return Promise.reject(new SandboxError("sandbox: a child process did not start (no answer)"));
    }
    if (request.calls.length > 1) this.workloadRuns.push(request.calls.length);
    const fn = CANDIDATES[request.source];
    const calls = request.calls.map((args) => ({ output: fn(args[0] as number[]), timesMs: [1] }));
    return Promise.resolve({ ok: true, calls, logs: [] });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function evaluator(quickMinScore = -Infinity) {
  // Candidates here are names, not TypeScript: skip the type-check stage.
  const spec = {
    ...loaded,
    cascade: {
      ...loaded.cascade,
      quickMinScore,
      stages: loaded.cascade.stages.filter((s) => s !== "typecheck"),
    },
  };
  const sandbox = new FakeSandbox();
  return {
    sandbox,
    evaluator: await createSpecEvaluator({ spec, compiled: await compileSpec(spec), sandbox }),
  };
}

Deno.test("evaluate() passes a good candidate through every stage and scores train and holdout", async () => {
  const { evaluator: e } = await evaluator();
  const result = await e.evaluate("good", { holdout: true });
  assert.ok(result.ok, result.failure?.message ?? "");
  assert.deepEqual(result.stages.map((s) => s.stage), ["properties", "quick", "train", "holdout"]);
  // score = -error; the exact factor leaves no error (up to rounding).
  assert.ok(Math.abs(result.train!.score) < 1e-9, `train ${result.train?.score}`);
  assert.ok(Math.abs(result.holdout!.score) < 1e-9, `holdout ${result.holdout?.score}`);
});

Deno.test("evaluate() rejects a candidate that passes the gate but breaks an invariant on a workload", async () => {
  const { evaluator: e } = await evaluator();
  const result = await e.evaluate("cheats on a workload");
  assert.equal(result.ok, false);
  assert.ok(result.stages.find((s) => s.stage === "properties")?.ok, "the gate saw nothing wrong");
  assert.equal(result.failure?.category, "invariant");
  assert.equal(result.failure?.rule, "non-negative");
  assert.match(result.failure!.message, /^b\.json case 0: invariant non-negative violated/);
  assert.equal(result.train, undefined, "no score for a cheater");
});

Deno.test("evaluate() stops a weak candidate at the quick threshold, before the full train set", async () => {
  const { evaluator: e, sandbox } = await evaluator(-5);
  const result = await e.evaluate("weak");
  assert.equal(result.failure?.category, "threshold");
  assert.match(result.failure!.message, /quick score -\d+\.\d+ is below cascade\.quickMinScore -5/);
  assert.deepEqual(result.stages.map((s) => s.stage), ["properties", "quick"]);
  assert.deepEqual(sandbox.workloadRuns, [4], "only the quick workload (a.json, 4 cases) ran");
});

Deno.test("evaluate() reuses the quick stage's workloads for train instead of running them again", async () => {
  const { evaluator: e, sandbox } = await evaluator();
  const result = await e.evaluate("good");
  assert.ok(result.ok);
  assert.deepEqual(sandbox.workloadRuns, [4, 2], "a.json once (quick), then only b.json (train)");
  assert.deepEqual(Object.keys(result.train!.perWorkload).sort(), ["a.json", "b.json"]);
});

Deno.test("evaluate() lets a broken sandbox fail loudly instead of blaming the candidate", async () => {
  const { evaluator: e, sandbox } = await evaluator();
  sandbox.broken = true;
  await assert.rejects(() => e.evaluate("good"), isSandboxError);
});
