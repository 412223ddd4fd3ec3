// Tests the `draft` command as a user runs it: --help, a keyless draft with --yes that writes a
// spec which loads, and a missing --entry (exit 64).
import assert from "node:assert/strict";
import { join } from "node:path";
import { loadSpec } from "../../src/spec/mod.ts";
import { ROOT, runMain } from "../_helpers/cli.ts";

Deno.test("draft --help describes the command and its options", async () => {
  const r = await runMain(["draft", "--help"]);
  assert.equal(r.code, 0);
  for (const flag of ["--entry", "--describe", "--yes", "--out", "--max-repairs"]) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

Deno.test("draft --yes writes a spec that loads and prints its mutation score", async () => {
  const dir = await Deno.makeTempDir();
  const modulePath = join(dir, "intervals.ts");
  await Deno.copyFile(join(ROOT, "specs/examples/intervals/program.ts"), modulePath);
  await Deno.writeTextFile(join(dir, "about.txt"), "Choose a largest set of disjoint intervals.\n");
  const r = await runMain([
    "draft",
    modulePath,
    "--entry",
    "schedule",
    "--describe",
    join(dir, "about.txt"),
    "--yes",
    "--mutants",
    "2",
  ], { SPECEVOLVE_MODELS: "", OPENAI_API_KEY: "" });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /draft: keyless/);
  assert.match(r.stdout, /wrote .*intervals\.yaml: \d+ rules .*mutation score/);
  const spec = await loadSpec(join(dir, "intervals.yaml"));
  assert.equal(spec.entry, "schedule");
  assert.match(spec.description, /disjoint intervals/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("draft without --entry is a usage error", async () => {
  const r = await runMain(["draft", "specs/examples/topk/program.ts"]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /--entry NAME/);
});
