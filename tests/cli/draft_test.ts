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

Deno.test("draft asks about each broken rule and keeps the one answered 'code'", async () => {
  const dir = await Deno.makeTempDir();
  const modulePath = join(dir, "topk.ts");
  await Deno.copyFile(join(ROOT, "specs/examples/topk/program.ts"), modulePath);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "draft", modulePath, "--entry", "topK", "--mutants", "1"],
    cwd: ROOT,
    env: { CI: "true", NO_COLOR: "1", SPECEVOLVE_MODELS: "", OPENAI_API_KEY: "" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // First question: the code is wrong (keep the rule); then stdin ends: the rest are dropped.
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode("c\n"));
  await writer.close();
  const out = await child.output();
  const stdout = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.match(stdout, /is broken by your function\n {2}input: {2}\{/);
  assert.match(stdout, /Is the rule wrong, or the code\?/);
  const kept = [...stdout.matchAll(/rule (\S+) broken by the function: kept/g)].map((m) => m[1]);
  const spec = await loadSpec(join(dir, "topk.yaml"));
  assert.equal(kept.length, 1);
  assert.ok(spec.invariants.some((r) => r.id === kept[0]));
  assert.match(stdout, /audit skipped: the program itself fails/);
  await Deno.remove(dir, { recursive: true });
});
