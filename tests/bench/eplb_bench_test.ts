// Tests the EPLB benchmark's figures: complete, sane, the Python comparison skipped cleanly when
// no torch is found and, where torch is installed, placing exactly as the TypeScript greedy.
import assert from "node:assert/strict";
import { runEplbBench, runPythonGreedy } from "../../bench/eplb_bench.ts";
import { balancedness, cases } from "../../evaluators/eplb/mod.ts";
import { rebalance } from "../../specs/eplb/baselines/greedy.ts";

const hasTorch = await new Deno.Command("/usr/bin/python3", {
  args: ["-c", "import torch"],
  stdout: "null",
  stderr: "null",
}).output().then((o) => o.success, () => false);

Deno.test("runEplbBench() reports runtimes and balance for both programs and skips a missing Python", async () => {
  const f = await runEplbBench({ runs: 2, pythons: ["/nonexistent/python3"] });
  for (const name of ["initial", "greedy"]) {
    assert.ok(f.runtimeMs[name] > 0 && Number.isFinite(f.runtimeMs[name]), name);
    for (const set of [f.train, f.holdout]) {
      assert.ok(set[name].balancedness > 0 && set[name].balancedness <= 1, name);
      assert.ok(
        set[name].nodeBalancedness >= set[name].balancedness,
        `${name}: nodes even out GPUs`,
      );
    }
  }
  assert.ok(f.train.greedy.balancedness > f.train.initial.balancedness);
  assert.ok(f.holdout.greedy.balancedness > f.holdout.initial.balancedness);
  assert.equal(f.python, undefined);
  assert.match(f.pythonSkipped ?? "", /no Python with torch among \/nonexistent\/python3/);
});

Deno.test({
  name: "runPythonGreedy() places exactly as the TypeScript greedy (where torch is installed)",
  ignore: !hasTorch,
  fn: async () => {
    const path =
      new URL("../../specs/eplb/workloads/holdout/holdout-1.json.gz", import.meta.url).pathname;
    const set = (await cases({ path, name: "holdout-1", bytes: await Deno.readFile(path) })).slice(
      0,
      2,
    );
    const ours = set.map((c) => {
      const i = c.input as {
        weight: number[][];
        numReplicas: number;
        numGroups: number;
        numNodes: number;
        numGpus: number;
      };
      return rebalance(i.weight, i.numReplicas, i.numGroups, i.numNodes, i.numGpus);
    });
    const python = await runPythonGreedy(["/usr/bin/python3"], set, 1);
    assert.ok(typeof python !== "string", String(python));
    assert.ok(python.medianMs > 0);
    assert.equal(python.balancedness, balancedness(set, ours));
  },
});

async function fakePython(script: string): Promise<string> {
  const path = await Deno.makeTempFile({ prefix: "fake-python-" });
  await Deno.writeTextFile(path, `#!/bin/sh\ncat >/dev/null\n${script}\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

const tinySet = [{
  input: { weight: [[1, 2, 3, 4]], numReplicas: 4, numGroups: 1, numNodes: 1, numGpus: 2 },
  context: { next: [[1, 2, 3, 4]] },
}];

Deno.test("runPythonGreedy() moves past interpreters without torch and reports other failures", async () => {
  const noTorch = await fakePython(
    `echo "ModuleNotFoundError: No module named 'torch'" >&2; exit 1`,
  );
  const broken = await fakePython(`echo "SyntaxError: boom" >&2; exit 1`);
  try {
    const skipped = await runPythonGreedy(["/nonexistent/python3", noTorch], tinySet, 1);
    assert.equal(typeof skipped, "string");
    assert.match(
      skipped as string,
      /^no Python with torch among \/nonexistent\/python3, .*apt-get install/,
    );
    const failed = await runPythonGreedy([noTorch, broken], tinySet, 1);
    assert.match(
      failed as string,
      /^bench\/python\/eplb_greedy\.py failed \(exit 1\): SyntaxError: boom/,
    );
  } finally {
    await Deno.remove(noTorch);
    await Deno.remove(broken);
  }
});
