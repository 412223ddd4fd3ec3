// Tests that the cascade holds workload outputs to the reference program when the spec sets
// `reference` + `equivalent`: mismatches fail the stage, the reference runs once per workload per
// evaluator, and a failing reference is reported as the spec's fault. Uses specs/speedup.yaml with
// an in-process fake sandbox, so the test is about the cascade, not about timing or isolation.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSpecEvaluator } from "../../src/evaluate/mod.ts";
import type { RunRequest, RunResult, Sandbox } from "../../src/sandbox/types.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";
import { countInversions } from "../../specs/speedup/reference.ts";

const SPEC = join(new URL("../../specs/", import.meta.url).pathname, "speedup.yaml");
const loaded = await loadSpec(SPEC);
// Candidates here are names, not TypeScript: skip the type-check stage.
const spec = {
  ...loaded,
  cascade: { ...loaded.cascade, stages: loaded.cascade.stages.filter((s) => s !== "typecheck") },
};
const compiled = await compileSpec(spec);
const REFERENCE = await Deno.readTextFile(spec.reference!);

/** Long arrays with at most one descent per 50 values: only workload train-1 has them. */
function nearlySorted(xs: number[]): boolean {
  let descents = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] < xs[i - 1]) descents++;
  return xs.length >= 800 && descents * 50 <= xs.length;
}

/** Candidates by source text: each answers in process, one wrongly on nearly sorted arrays. */
const CANDIDATES: Record<string, (xs: number[]) => number> = {
  exact: countInversions,
  "wrong when nearly sorted": (xs) => (nearlySorted(xs) ? 0 : countInversions(xs)),
};

/** A sandbox that runs the named candidates (and the reference) in process and counts runs. */
class FakeSandbox implements Sandbox {
  referenceWorkloadRuns = 0;
  referenceGateRuns = 0;
  constructor(readonly referenceFails = false) {}

  run(request: RunRequest): Promise<RunResult> {
    const isReference = request.source === REFERENCE;
    if (isReference && request.calls.length === 1) this.referenceGateRuns++;
    // Workload runs make several calls; the property gate makes one per run.
    if (isReference && request.calls.length > 1) {
      this.referenceWorkloadRuns++;
      if (this.referenceFails) {
        return Promise.resolve({
          ok: false,
          failure: { category: "timeout", message: "timeout: call 0 ran past 2000 ms" },
          calls: [],
          logs: [],
        });
      }
    }
    const fn = isReference ? countInversions : CANDIDATES[request.source];
    const calls = request.calls.map((args) => ({
      output: fn([...(args[0] as number[])]),
      timesMs: [1],
    }));
    return Promise.resolve({ ok: true, calls, logs: [] });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function evaluatorWith(sandbox: FakeSandbox) {
  return await createSpecEvaluator({ spec, compiled, sandbox, runs: 5 });
}

Deno.test("evaluate() fails a workload stage as rule equivalent when an output differs from the reference's", async () => {
  const evaluation = await (await evaluatorWith(new FakeSandbox())).evaluate(
    "wrong when nearly sorted",
  );
  assert.equal(evaluation.ok, false);
  assert.deepEqual(evaluation.stages.map((s) => [s.stage, s.ok]), [
    ["properties", true],
    ["quick", true],
    ["train", false],
  ]);
  assert.equal(evaluation.failure?.rule, "equivalent");
  // Of the failing cases, the smallest one is reported, with its file and index.
  const failure = evaluation.failure!;
  assert.match(failure.message, /^train-1\.json\.gz case (\d+): invariant equivalent/);
  assert.equal(failure.workload?.case, Number(/case (\d+)/.exec(failure.message)![1]));
  assert.match(failure.workload!.file, /train-1\.json\.gz$/);
  assert.equal(failure.output, "0");
});

Deno.test("evaluate() runs the reference once per workload file, however many candidates it scores", async () => {
  const sandbox = new FakeSandbox();
  const evaluator = await evaluatorWith(sandbox);
  const first = await evaluator.evaluate("exact", { holdout: true });
  assert.equal(first.ok, true, JSON.stringify(first.failure));
  const files = Object.keys(first.train!.perWorkload).length +
    Object.keys(first.holdout!.perWorkload).length;
  assert.equal(sandbox.referenceWorkloadRuns, files);
  // A second candidate, and a candidate that fails, reuse the cached reference outputs.
  await evaluator.evaluate("wrong when nearly sorted");
  assert.equal((await evaluator.evaluate("exact", { holdout: true })).ok, true);
  assert.equal(sandbox.referenceWorkloadRuns, files);
});

Deno.test("evaluate() runs the reference once per generated input, however many candidates it gates", async () => {
  const sandbox = new FakeSandbox();
  const evaluator = await evaluatorWith(sandbox);
  const first = await evaluator.evaluate("exact");
  const cases = first.stages.find((s) => s.stage === "properties")!.cases!;
  assert.ok(cases >= 5);
  // Every distinct input ran the reference once (examples and generated arrays may repeat).
  assert.ok(sandbox.referenceGateRuns >= 1 && sandbox.referenceGateRuns <= cases);
  const runs = sandbox.referenceGateRuns;
  // The same seed generates the same inputs for the next candidate: all answered from the cache.
  assert.equal((await evaluator.evaluate("exact")).ok, true);
  assert.equal(sandbox.referenceGateRuns, runs);
});

Deno.test("evaluate() blames the reference, not the candidate, when the reference fails on a workload", async () => {
  const evaluator = await evaluatorWith(new FakeSandbox(true));
  await assert.rejects(evaluator.evaluate("exact"), (e: Error) => {
    assert.match(e.message, /workload train-0\.json\.gz: the reference program failed \(timeout/);
    assert.match(e.message, /fix the reference or raise sandbox\.timeoutMs/);
    return true;
  });
});

Deno.test("evaluate() compares no workload outputs when the spec sets no equivalent", async () => {
  const { equivalent: _, ...rest } = spec;
  const plain = { ...rest };
  const sandbox = new FakeSandbox();
  const evaluator = await createSpecEvaluator({
    spec: plain,
    compiled: await compileSpec(plain),
    sandbox,
    runs: 5,
  });
  // Without `equivalent` nothing holds the output to the reference, so the cheat scores.
  assert.equal((await evaluator.evaluate("wrong when nearly sorted")).ok, true);
  assert.equal(sandbox.referenceWorkloadRuns, 0);
});
