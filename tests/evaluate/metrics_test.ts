// Tests metrics on workloads: `expr` metrics aggregated per file (mean, sum, min, max, geomean),
// type-checked at load; a metric that throws or gives a non-finite number is a spec error naming
// it, never a NaN score. Uses measureWorkloads with an in-process fake sandbox.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isSpecError, type SpecIssue } from "../../src/errors/mod.ts";
import { measureWorkloads, type MetricFn } from "../../src/evaluate/mod.ts";
import type { RunRequest, RunResult, Sandbox } from "../../src/sandbox/types.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";
import { tempSpecDir } from "../spec/_helpers.ts";

/** Answers every call with the sum of its `xs` (the candidate is not under test here). */
class SumSandbox implements Sandbox {
  run(request: RunRequest): Promise<RunResult> {
    const calls = request.calls.map((args) => ({
      output: (args[0] as number[]).reduce((a, b) => a + b, 0),
      timesMs: [1],
    }));
    return Promise.resolve({ ok: true, calls, logs: [] });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const spec = (metrics: string) =>
  `name: m
entry: f
args: [xs]
program: program.ts
input:
  type: object
  required: [xs]
  properties: { xs: { type: array, items: { type: integer, minimum: -9, maximum: 9 } } }
output: { type: integer }
metrics:
${metrics}
`;

async function compiledWith(metrics: string) {
  const dir = await tempSpecDir({
    "spec.yaml": spec(metrics),
    "program.ts": "export function f(xs: number[]): number { return 0; }\n",
    "m.ts": `export function throws() { throw new Error("no such key"); }
export function nan() { return NaN; }\n`,
  });
  const loaded = await loadSpec(join(dir, "spec.yaml"));
  return { spec: loaded, compiled: await compileSpec(loaded) };
}

const workload = {
  name: "w.json",
  path: "/w.json",
  cases: [{ input: { xs: [1, 1] }, context: { weight: 2 } }, { input: { xs: [4] } }],
};

Deno.test("measureWorkloads() aggregates expr metrics over a file's cases as each metric says", async () => {
  const { spec: s, compiled } = await compiledWith(`  mean: { expr: output, aggregate: mean }
  sum: { expr: output, aggregate: sum }
  lo: { expr: output, aggregate: min }
  hi: { expr: output, aggregate: max }
  geo: { expr: output, aggregate: geomean }
  ctx: { expr: "(context?.weight ?? 1) * output", aggregate: sum }`);
  const scores = await measureWorkloads(
    { spec: s, compiled, sandbox: new SumSandbox(), metricFns: new Map() },
    "src",
    [workload],
  );
  assert.ok(scores.ok);
  assert.deepEqual(scores.perWorkload["w.json"], {
    mean: 3,
    sum: 6,
    lo: 2,
    hi: 4,
    geo: Math.exp((Math.log(2) + Math.log(4)) / 2),
    ctx: 8,
  });
});

Deno.test("loadSpec() type-checks an expr metric like a rule, located at its line", async () => {
  try {
    await compiledWith("  bad: { expr: output.lenght, aggregate: mean }");
    assert.fail("expected a SpecError");
  } catch (e) {
    assert.ok(isSpecError(e));
    const issue = e.issues[0] as SpecIssue;
    assert.equal(issue.pointer, "/metrics/bad/expr");
    assert.match(issue.message, /metric `bad`: Property 'lenght' does not exist on type 'number'/);
  }
});

Deno.test("measureWorkloads() turns a throwing or non-finite metric into a SpecError naming it", async () => {
  const run = async (metrics: string, fns: Record<string, MetricFn> = {}) => {
    const { spec: s, compiled } = await compiledWith(metrics);
    const ctx = {
      spec: s,
      compiled,
      sandbox: new SumSandbox(),
      metricFns: new Map(Object.entries(fns)),
    };
    try {
      await measureWorkloads(ctx, "src", [workload]);
    } catch (e) {
      assert.ok(isSpecError(e));
      return e.issues[0];
    }
    assert.fail("expected a SpecError");
  };
  const throws = await run("  t: { evaluator: m.ts#throws }", {
    t: () => {
      throw new Error("no such key");
    },
  });
  assert.equal(throws.pointer, "/metrics/t");
  assert.match(
    throws.message,
    /metric t \(\S*m\.ts#throws\) threw on workload w\.json: no such key/,
  );
  const nan = await run("  n: { evaluator: m.ts#nan }", { n: () => NaN });
  assert.match(nan.message, /metric n gave NaN on workload w\.json, not a finite number/);
  const geo = await run("  g: { expr: output - 3, aggregate: geomean }");
  assert.match(geo.message, /metric g gave NaN/);
  const inf = await run("  i: { expr: 1 / (output - 2), aggregate: max }");
  assert.match(inf.message, /metric i gave Infinity/);
});
