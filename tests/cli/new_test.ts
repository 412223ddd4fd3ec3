// Tests `new`: the scaffold passes `check` at once from its own folder, and never overwrites.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../_helpers/cli.ts";

Deno.test("new writes a spec, a program and workloads that pass check, and refuses to overwrite", async () => {
  const dir = await Deno.makeTempDir({ prefix: "new-" });
  try {
    const made = await runMain(["new", "demo", "--dir", dir]);
    assert.equal(made.code, 0, made.stderr);
    const spec = await Deno.readTextFile(join(dir, "demo.yaml"));
    assert.match(spec, /^# TODO: say what the candidate must compute/m);
    assert.match(spec, /program: demo\/program\.ts/);
    assert.ok((await Deno.stat(join(dir, "demo/workloads/train/train-short.jsonl.gz"))).isFile);
    const checked = await runMain(["check", join(dir, "demo.yaml"), "--runs", "20"]);
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /check demo: PASSED/);
    const again = await runMain(["new", "demo", "--dir", dir]);
    assert.equal(again.code, 64);
    assert.match(again.stderr, /demo\.yaml already exists/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
