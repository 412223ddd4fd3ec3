// Tests that a run's reports show the spec's baselines beside the evolved best: report.json,
// report.md and report.html, after a short offline evolve of specs/txn.yaml (one baseline).
import assert from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../../_helpers/cli.ts";

Deno.test("evolve scores the spec's baselines and every run report shows them beside the best", async () => {
  const runs = await Deno.makeTempDir({ prefix: "baselines-" });
  try {
    const r = await runMain([
      "evolve",
      "specs/txn.yaml",
      "--offline",
      "--iterations",
      "2",
      "--runs",
      "5",
      "--runs-dir",
      runs,
      "--quiet",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [dir] = [...Deno.readDirSync(runs)].map((e) => join(runs, e.name));
    const report = JSON.parse(await Deno.readTextFile(join(dir, "report.json")));
    assert.equal(report.baselines.length, 1);
    const greedy = report.baselines[0];
    assert.equal(greedy.name, "greedy");
    assert.equal(greedy.ok, true);
    // The same figures `check` gives for the baseline on the shipped workloads.
    assert.equal(greedy.trainScore.toFixed(4), "1.7002");
    assert.equal(greedy.holdoutScore.toFixed(4), "1.8850");
    const md = await Deno.readTextFile(join(dir, "report.md"));
    assert.match(md, /\| baseline greedy \| 1\.7002 \| 1\.885 \|/);
    assert.match(md, /\| best #\d+ \|/);
    assert.match(await Deno.readTextFile(join(dir, "report.html")), /baseline greedy/);
  } finally {
    await Deno.remove(runs, { recursive: true });
  }
});
