// The zero-TypeScript example end to end: specs/examples/autoscale.yaml has CSV workloads written
// by its declarative generator and an `expr` metric; from a copy in an empty folder, `workloads`,
// `check` and offline `evolve` run with no code but the initial program, and evolution gains.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, runMain } from "../_helpers/cli.ts";

Deno.test("the autoscale example generates, checks and evolves with no TypeScript but its program", async () => {
  const dir = await Deno.makeTempDir({ prefix: "autoscale-" });
  try {
    await Deno.copyFile(join(ROOT, "specs/examples/autoscale.yaml"), join(dir, "autoscale.yaml"));
    await Deno.mkdir(join(dir, "autoscale"));
    await Deno.copyFile(
      join(ROOT, "specs/examples/autoscale/program.ts"),
      join(dir, "autoscale/program.ts"),
    );
    const spec = join(dir, "autoscale.yaml");
    // Without its workloads the set is missing: a spec error, never a pass.
    const before = await runMain(["check", spec]);
    assert.equal(before.code, 2, before.stderr);
    assert.match(before.stderr, /train workload directory .* does not exist; write it with/);
    const early = await runMain(["evolve", spec, "--offline", "--runs-dir", join(dir, "runs")]);
    assert.equal(early.code, 2, early.stderr);
    await assert.rejects(Deno.stat(join(dir, "runs")), Deno.errors.NotFound, "no run directory");

    const written = await runMain(["workloads", spec]);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /train-steady\.csv/);
    const csv = await Deno.readTextFile(join(dir, "autoscale/workloads/train/train-steady.csv"));
    assert.equal(csv.split("\n")[0], "load,capacity,burst");
    // The shipped files are what the generator writes with the default seed.
    const shipped = join(ROOT, "specs/examples/autoscale/workloads/train/train-steady.csv");
    assert.equal(csv, await Deno.readTextFile(shipped));

    const checked = await runMain(["check", spec, "--runs", "20"]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /train score +-43\.5625 \(cost 43\.56\)/);

    const evolved = await runMain([
      "evolve",
      spec,
      "--offline",
      "--iterations",
      "40",
      "--runs",
      "20",
      "--runs-dir",
      join(dir, "runs"),
      "--quiet",
    ]);
    assert.equal(evolved.code, 0, evolved.stderr);
    const best = /best: program (\d+), train (-?[\d.]+)/.exec(evolved.stdout + evolved.stderr);
    assert.ok(best, evolved.stdout);
    assert.ok(Number(best[2]) > -43.5625, `no gain over the initial program: ${best[0]}`);
    const files = [...Deno.readDirSync(join(dir, "autoscale"))].map((e) => e.name);
    assert.deepEqual(files.sort(), ["program.ts", "workloads"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
