// Tests specs/speedup.yaml end to end: `deno task check` passes the spec's own programs, rejects an
// off-by-one fast version with a shrunk counterexample, and catches a shortcut that is wrong only
// on a workload shape the gate never draws (outputs held to the reference there too).
import assert from "node:assert/strict";
import { join } from "node:path";
import { createSpecEvaluator } from "../../../src/evaluate/mod.ts";
import { SandboxPool } from "../../../src/sandbox/mod.ts";
import { compileSpec, loadSpec } from "../../../src/spec/mod.ts";
import { countInversions as reference } from "../../../specs/speedup/reference.ts";
import { ROOT, runCheckJson } from "../../_helpers/cli.ts";

const FIXTURES = "tests/evaluators/speedup/fixtures";

interface ReportProgram {
  label: string;
  evaluation: {
    ok: boolean;
    stages: { stage: string; ok: boolean }[];
    failure?: Record<string, unknown>;
    train?: { score: number; metrics: Record<string, number> };
    holdout?: { score: number };
  };
}

const checkJson = (args: string[]) => runCheckJson<ReportProgram>("specs/speedup.yaml", args);

Deno.test("check passes the speedup initial, reference and merge baseline on every stage", async () => {
  const { code, programs } = await checkJson([]);
  assert.equal(code, 0, JSON.stringify(programs.map((p) => p.evaluation.failure)));
  assert.deepEqual(programs.map((p) => p.label), ["initial", "reference", "baseline merge"]);
  for (const p of programs) {
    assert.deepEqual(p.evaluation.stages.map((s) => s.stage), [
      "typecheck",
      "properties",
      "quick",
      "train",
      "holdout",
    ]);
    assert.ok(p.evaluation.train!.metrics.runtime_ms > 0);
    assert.ok(Number.isFinite(p.evaluation.holdout!.score));
  }
});

Deno.test("check rejects an off-by-one fast version in the gate and a workload-shape shortcut after it", async () => {
  const { code, programs } = await checkJson([
    "--no-holdout",
    "--program",
    `${FIXTURES}/off_by_one.ts`,
    "--program",
    `${FIXTURES}/local_window.ts`,
  ]);
  assert.equal(code, 1);
  const [offByOne, localWindow] = programs.map((p) => p.evaluation);
  assert.equal(offByOne.stages.at(-1)!.stage, "properties");
  assert.equal(offByOne.failure!.category, "invariant");
  // The shortcut passes the gate (random arrays are never nearly sorted) and the quick stage
  // (uniform arrays), and fails on the first nearly sorted workload array.
  assert.deepEqual(localWindow.stages.map((s) => [s.stage, s.ok]), [
    ["typecheck", true],
    ["properties", true],
    ["quick", true],
    ["train", false],
  ]);
  assert.equal(localWindow.failure!.rule, "equivalent");
  assert.match(String(localWindow.failure!.message), /^train-1\.json\.gz case \d+: .*expected \d+/);
});

Deno.test("the gate shrinks an off-by-one fast version to a counterexample of at most 3 values", async () => {
  // Without the spec's hand-written examples (which catch it at once), the gate must find the bug
  // in generated arrays of up to 3000 values and shrink it to a tiny one.
  const loaded = await loadSpec(join(ROOT, "specs/speedup.yaml"));
  const spec = { ...loaded, properties: { ...loaded.properties, examples: [] } };
  const sandbox = await SandboxPool.start({ size: 1, timeoutMs: 5000, handleSignals: false });
  const evaluator = await createSpecEvaluator({
    spec,
    compiled: await compileSpec(spec),
    sandbox,
    ownsSandbox: true,
  });
  try {
    const source = await Deno.readTextFile(join(ROOT, FIXTURES, "off_by_one.ts"));
    const evaluation = await evaluator.evaluate(source);
    const failure = evaluation.failure!;
    assert.equal(failure.category, "invariant");
    const xs = (failure.counterexample as { xs: number[] }).xs;
    assert.ok(xs.length <= 3, JSON.stringify(failure.counterexample));
    // The fast version overcounts: its output exceeds the reference's count on that input.
    assert.ok(Number(failure.output) > reference(xs), `${failure.output} on ${xs}`);
  } finally {
    await evaluator.close();
  }
});
