// Tests the property gate's shrinking budget: shrinking stops once `shrinkMs` has passed since the
// first failure, and the smallest failing input found so far is reported. Uses specs/speedup.yaml
// with an in-process fake sandbox whose candidate is wrong on long arrays only.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runPropertyGate } from "../../src/evaluate/mod.ts";
import type { RunRequest, RunResult, Sandbox } from "../../src/sandbox/types.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";
import { countInversions } from "../../specs/speedup/reference.ts";

const loaded = await loadSpec(
  join(new URL("../../specs/", import.meta.url).pathname, "speedup.yaml"),
);
// No equivalence (so no reference runs) and no examples: only the rules and generated arrays.
const { equivalent: _, ...rest } = loaded;
const spec = { ...rest, properties: { ...rest.properties, examples: [] } };
const compiled = await compileSpec(spec);

/** Runs a candidate that claims n(n-1)/2 + 1 inversions for arrays longer than 1000. */
class LongArraySandbox implements Sandbox {
  calls = 0;
  run(request: RunRequest): Promise<RunResult> {
    const calls = request.calls.map((args) => {
      this.calls++;
      const xs = args[0] as number[];
      const n = xs.length;
      return { output: n > 1000 ? (n * (n - 1)) / 2 + 1 : countInversions(xs), timesMs: [0] };
    });
    return Promise.resolve({ ok: true, calls, logs: [] });
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

async function gate(shrinkMs: number) {
  const sandbox = new LongArraySandbox();
  const result = await runPropertyGate({ spec, compiled, sandbox }, "wrong when long", {
    shrinkMs,
    runs: 100,
  });
  return { result, calls: sandbox.calls };
}

Deno.test("runPropertyGate() reports the first failure unshrunk when the shrink budget is 0", async () => {
  const { result, calls } = await gate(0);
  assert.equal(result.ok, false);
  assert.equal(result.failure?.rule, "pair-bound");
  // No run after the failure: the candidate ran exactly for the cases counted.
  assert.equal(calls, result.cases);
  const xs = (result.failure!.counterexample as { xs: number[] }).xs;
  assert.ok(xs.length > 1000);
});

Deno.test("runPropertyGate() shrinks to the smallest failing length when the budget allows", async () => {
  const unshrunk = await gate(0);
  // A budget no loaded machine exhausts here (shrinking takes a few seconds).
  const { result, calls } = await gate(120_000);
  assert.equal(result.failure?.rule, "pair-bound");
  assert.ok(calls > unshrunk.calls, "shrinking ran the candidate again");
  const xs = (result.failure!.counterexample as { xs: number[] }).xs;
  // Arrays of 1001 values are the shortest the candidate gets wrong.
  assert.equal(xs.length, 1001);
});
