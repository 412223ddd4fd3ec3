import { isSpecError } from "../../src/errors/mod.ts";
// Tests closed-loop evaluation (`interaction`): the trusted simulator drives the candidate one
// sandbox run per step, step outputs are held to the step schema, sandbox failures end the episode
// with their own category, trusted time adds up over steps, and simulator bugs are not blamed on
// the candidate. Uses tests/fixtures/specs/running_sum.yaml with an in-process fake sandbox.
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSpecEvaluator, measureWorkloads, type SimulateFn } from "../../src/evaluate/mod.ts";
import type { RunRequest, RunResult, Sandbox } from "../../src/sandbox/types.ts";
import { compileSpec, loadSpec, type Spec } from "../../src/spec/mod.ts";

const FIXTURE = join(import.meta.dirname!, "..", "fixtures", "specs", "running_sum.yaml");
const loaded = await loadSpec(FIXTURE);
// Candidates here are names, not TypeScript: skip the type-check stage.
const spec: Spec = { ...loaded, cascade: { ...loaded.cascade, stages: ["properties"] } };
const compiled = await compileSpec(spec);

type Step = (x: number, state: unknown) => unknown;

/** Candidates by source text, run in process. */
const CANDIDATES: Record<string, Step> = {
  correct: (x, state) => {
    const sum = (typeof state === "number" ? state : 0) + x;
    return { sum, state: sum };
  },
  // Right answers, but from the third step on the sum is a string: the step schema rejects it.
  "string sum": (x, state) => {
    const { sum, n } = (state ?? { sum: 0, n: 0 }) as { sum: number; n: number };
    const next = { sum: sum + x, n: n + 1 };
    return { sum: n >= 2 ? String(next.sum) : next.sum, state: next };
  },
};

/** Runs CANDIDATES in process; each call takes 2 ms of "trusted time"; records every request. */
class FakeSandbox implements Sandbox {
  readonly requests: RunRequest[] = [];
  constructor(readonly failAtRun = -1) {}

  run(request: RunRequest): Promise<RunResult> {
    this.requests.push(request);
    if (this.requests.length - 1 === this.failAtRun) {
      return Promise.resolve({
        ok: false,
        failure: { category: "timeout", message: "timeout: call 0 ran past 2000 ms" },
        calls: [],
        logs: [],
      });
    }
    const fn = CANDIDATES[request.source];
    const calls = request.calls.map((args) => ({
      output: fn(args[0] as number, structuredClone(args[1])),
      timesMs: Array.from({ length: request.trials ?? 1 }, () => 2),
    }));
    return Promise.resolve({ ok: true, calls, logs: [] });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function evaluator(sandbox: Sandbox, runs = 10) {
  return await createSpecEvaluator({ spec, compiled, sandbox, runs });
}

Deno.test("evaluate() plays each generated episode one sandbox run per step, state handed back", async () => {
  const sandbox = new FakeSandbox();
  const evaluation = await (await evaluator(sandbox)).evaluate("correct");
  assert.equal(evaluation.ok, true, JSON.stringify(evaluation.failure));
  assert.ok(sandbox.requests.length > 10, "expected several steps per episode");
  for (const r of sandbox.requests) {
    assert.equal(r.entry, "add");
    assert.equal(r.calls.length, 1, "one candidate call per run: the step");
    assert.equal(r.calls[0].length, 2, "step args [x, state]");
  }
  // Steps after the first get the sum returned before as their state; seeds advance per step.
  const second = sandbox.requests.findIndex((r, i) => i > 0 && r.calls[0][1] !== null);
  assert.ok(second > 0);
  const prev = sandbox.requests[second - 1];
  const [x, state] = prev.calls[0] as [number, number | null];
  assert.equal(sandbox.requests[second].calls[0][1], (state ?? 0) + x);
  assert.equal(sandbox.requests[second].seed, (prev.seed ?? 0) + 1);
});

Deno.test("evaluate() fails a step output outside the step schema as invalid-output, shrunk", async () => {
  const evaluation = await (await evaluator(new FakeSandbox(), 30)).evaluate("string sum");
  const failure = evaluation.failure!;
  assert.equal(failure.category, "invalid-output");
  assert.match(
    failure.message,
    /step 2: the step output does not match .*interaction\.step\.output/,
  );
  assert.match(failure.message, /\/sum must be integer/);
  assert.match(failure.output!, /"sum":"/);
  // The smallest episode that reaches a third step.
  const xs = (failure.counterexample as { xs: number[] }).xs;
  assert.equal(xs.length, 3, JSON.stringify(xs));
});

Deno.test("evaluate() ends the episode on a sandbox failure with the sandbox's category", async () => {
  const evaluation = await (await evaluator(new FakeSandbox(4))).evaluate("correct");
  assert.equal(evaluation.failure?.category, "timeout");
  assert.match(evaluation.failure!.message, /^step \d+: timeout/);
});

Deno.test("measureWorkloads() scores episode results and sums trusted time over steps", async () => {
  const sandbox = new FakeSandbox();
  const timed: Spec = {
    ...spec,
    sandbox: { ...spec.sandbox, trials: 2 },
    metrics: [{ name: "runtime_ms", goal: "min", measure: "time" }],
  };
  const simulate = (await import("../fixtures/specs/running_sum/simulate.ts")).simulate;
  const workload = {
    name: "w",
    path: "w",
    cases: [{ input: { xs: [1, 2, 3] } }, { input: { xs: [4] } }],
  };
  const scores = await measureWorkloads(
    { spec: timed, compiled, sandbox, metricFns: new Map(), simulate },
    "correct",
    [workload],
  );
  assert.ok(scores.ok);
  // Mean over episodes of the summed step times: (3 steps x 2 ms + 1 step x 2 ms) / 2.
  assert.equal(scores.perWorkload.w.runtime_ms, 4);
  assert.ok(sandbox.requests.every((r) => r.trials === 2));
});

Deno.test("measureWorkloads() blames a throwing simulator with a SpecError naming it, and a simulator that swallows a failure still fails", async () => {
  const workload = { name: "w", path: "w", cases: [{ input: { xs: [1, 2] } }] };
  const broken: SimulateFn = () => Promise.reject(new Error("index out of range"));
  await assert.rejects(
    measureWorkloads(
      { spec, compiled, sandbox: new FakeSandbox(), metricFns: new Map(), simulate: broken },
      "correct",
      [workload],
    ),
    (e: unknown) =>
      isSpecError(e) && e.issues[0].pointer === "/interaction/simulate" &&
      /interaction\.simulate \S+#simulate threw \(index out of range\); fix the simulator/.test(
        e.message,
      ),
  );
  const swallowing: SimulateFn = async (_input, step) => {
    try {
      await step({ x: 1, state: null });
    } catch { /* a careless simulator */ }
    return { sums: [1, 2] };
  };
  const scores = await measureWorkloads(
    { spec, compiled, sandbox: new FakeSandbox(0), metricFns: new Map(), simulate: swallowing },
    "correct",
    [workload],
  );
  assert.equal(scores.ok, false);
  assert.equal(!scores.ok && scores.failure.category, "timeout");
  const badInput: SimulateFn = async (_input, step) => await step({ x: "one", state: null });
  await assert.rejects(
    measureWorkloads(
      { spec, compiled, sandbox: new FakeSandbox(), metricFns: new Map(), simulate: badInput },
      "correct",
      [workload],
    ),
    (e: unknown) =>
      isSpecError(e) &&
      /step 0 input that does not match interaction\.step\.input .*fix the simulator or the schema/
        .test(e.message),
  );
});
