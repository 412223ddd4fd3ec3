// Tests repeated, isolated timing: a timed metric is the median over trials of a call, each trial
// on a fresh module instance, so a candidate that memoises between trials cannot lower its measured
// runtime; the metric's spread (MAD) and the score's spread are reported with the train set.
import assert from "node:assert/strict";
import { createSpecEvaluator } from "../../src/evaluate/mod.ts";
import { SandboxPool } from "../../src/sandbox/mod.ts";
import type { RunRequest, RunResult, Sandbox } from "../../src/sandbox/types.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";

const timed = await loadSpec(
  new URL("../fixtures/specs/knob_timed.yaml", import.meta.url).pathname,
);
// Candidates below are names for fakes or real TypeScript: no type-check stage.
const spec = {
  ...timed,
  cascade: { ...timed.cascade, stages: timed.cascade.stages.filter((s) => s !== "typecheck") },
};

/**
 * Plays a candidate that memoises every input in its module state: a miss costs 10 ms, a hit
 * 0 ms. Its state lives as long as its module instance, which the request's options decide,
 * exactly as the real sandbox does (a fresh instance per run, and per trial when asked).
 */
class MemoisingSandbox implements Sandbox {
  readonly requests: RunRequest[] = [];
  run(request: RunRequest): Promise<RunResult> {
    this.requests.push(request);
    let seen = new Set<string>();
    const calls = request.calls.map((args) => {
      const timesMs: number[] = [];
      for (let t = 0; t < (request.trials ?? 1); t++) {
        if (request.freshRealmPerTrial) seen = new Set();
        const key = JSON.stringify(args);
        timesMs.push(seen.has(key) ? 0 : 10);
        seen.add(key);
      }
      const xs = args[0] as number[];
      return { output: 1.5 * xs.reduce((a, b) => a + b, 0) / xs.length, timesMs };
    });
    return Promise.resolve({ ok: true, calls, logs: [] });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

Deno.test("evaluate() times each trial on a fresh instance, so memoising cannot lower runtime", async () => {
  // The spec leaves freshRealmPerTrial off; three trials must still not share a module instance.
  assert.equal(spec.sandbox.freshRealmPerTrial, false);
  const sandbox = new MemoisingSandbox();
  const evaluator = await createSpecEvaluator({ spec, compiled: await compileSpec(spec), sandbox });
  const result = await evaluator.evaluate("memo", { holdout: true });
  assert.ok(result.ok, result.failure?.message ?? "failed");
  // On one instance trials 2 and 3 would be hits: median(10, 0, 0) = 0 ms.
  assert.equal(result.train?.metrics.runtime_ms, 10);
  assert.equal(result.holdout?.metrics.runtime_ms, 10);
  const workloadRuns = sandbox.requests.filter((r) => r.calls.length > 1);
  assert.ok(workloadRuns.length > 0);
  assert.ok(workloadRuns.every((r) => r.trials === 3 && r.freshRealmPerTrial === true));
});

/** Answers every call with fixed trial times, so the spread is known. */
class FixedTimesSandbox implements Sandbox {
  constructor(readonly timesMs: readonly number[]) {}
  run(request: RunRequest): Promise<RunResult> {
    const calls = request.calls.map((args) => {
      const xs = args[0] as number[];
      return { output: 1.5 * xs.reduce((a, b) => a + b, 0) / xs.length, timesMs: this.timesMs };
    });
    return Promise.resolve({ ok: true, calls, logs: [] });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

Deno.test("evaluate() reports a timed metric's median, its MAD spread and the score's spread", async () => {
  const sandbox = new FixedTimesSandbox([10, 14, 11]);
  const evaluator = await createSpecEvaluator({ spec, compiled: await compileSpec(spec), sandbox });
  const result = await evaluator.evaluate("exact");
  assert.ok(result.ok, result.failure?.message ?? "failed");
  const train = result.train!;
  assert.equal(train.metrics.runtime_ms, 11);
  assert.deepEqual(train.spread, { runtime_ms: 1 });
  // score = -error - 0.001 * runtime_ms: one millisecond of spread moves it by 0.001.
  assert.ok(Math.abs(train.scoreSpread! - 0.001) < 1e-12, `scoreSpread ${train.scoreSpread}`);
  // Every train workload (the quick one reused) carries its spread.
  assert.equal(Object.keys(train.perWorkloadSpread!).length, Object.keys(train.perWorkload).length);
});

Deno.test("evaluate() with one trial per call reports no spread (exact comparisons, as before)", async () => {
  const one = { ...spec, sandbox: { ...spec.sandbox, trials: 1 } };
  const sandbox = new FixedTimesSandbox([10]);
  const evaluator = await createSpecEvaluator({
    spec: one,
    compiled: await compileSpec(one),
    sandbox,
  });
  const result = await evaluator.evaluate("exact");
  assert.equal(result.train?.spread, undefined);
  assert.equal(result.train?.scoreSpread, undefined);
});

Deno.test("evaluate() in the real sandbox: no trial sees state a memoising candidate left", async () => {
  // Throws on a memo hit: the evaluation passes only if every trial starts with an empty cache.
  const source = `const memo = new Map<string, number>();
export function estimate(xs: number[]): number {
  const key = xs.join(",");
  if (memo.has(key)) throw new Error("memo hit: state carried from an earlier trial");
  const value = 1.5 * xs.reduce((a, b) => a + b, 0) / xs.length;
  memo.set(key, value);
  return value;
}
`;
  const sandbox = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  const evaluator = await createSpecEvaluator({
    spec,
    compiled: await compileSpec(spec),
    sandbox,
    ownsSandbox: true,
  });
  try {
    const result = await evaluator.evaluate(source, { holdout: true });
    assert.ok(result.ok, result.failure?.message ?? "failed");
    assert.ok(result.train!.metrics.runtime_ms >= 0);
  } finally {
    await evaluator.close();
  }
});
