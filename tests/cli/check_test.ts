import assert from "node:assert/strict";
import { join } from "node:path";
import { parse } from "junit2json";
import { runMain } from "../_helpers/cli.ts";

Deno.test("check passes the spec's own programs and exits 0", async () => {
  const r = await runMain(["check", "specs/examples/topk.yaml", "--runs", "30"]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /^check topk: PASSED/);
  assert.match(r.stdout, /initial \(specs\/examples\/topk\/program\.ts\): ok/);
  assert.match(r.stdout, /properties ok \d+ cases/);
});

Deno.test("check rejects a subtly wrong program with a shrunk counterexample and writes every report", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runMain([
    "check",
    "specs/examples/topk.yaml",
    "--program",
    "specs/examples/topk/wrong_lexicographic.ts",
    "--json",
    join(dir, "r.json"),
    "--junit",
    join(dir, "r.xml"),
    "--markdown",
    join(dir, "r.md"),
  ]);
  assert.equal(r.code, 1, r.stderr + r.stdout);
  assert.match(r.stdout, /properties +FAIL invariant/);
  const report = JSON.parse(await Deno.readTextFile(join(dir, "r.json")));
  assert.equal(report.version, 1);
  assert.equal(report.ok, false);
  const failure = report.programs[0].evaluation.failure;
  assert.equal(failure.category, "invariant");
  // Lexicographic sorting first goes wrong with two values whose string order differs from
  // numeric order; shrinking must get down to a tiny input, not the random one first found.
  assert.ok(failure.counterexample.xs.length <= 3, JSON.stringify(failure.counterexample));
  assert.equal(typeof failure.seed, "number");
  const junit = await parse(await Deno.readTextFile(join(dir, "r.xml")));
  assert.ok(junit && "testsuite" in junit);
  assert.ok(junit.testsuite!.some((s) => (s.failures ?? 0) > 0));
  assert.match(await Deno.readTextFile(join(dir, "r.md")), /❌ failed/);
});

Deno.test("check exits 2 with file:line:col when the spec is invalid", async () => {
  const r = await runMain(["check", "tests/spec/fixtures/rule_typo.yaml"]);
  assert.equal(r.code, 2, r.stderr + r.stdout);
  assert.match(r.stderr, /rule_typo\.yaml:\d+:\d+: \/invariants\/\d+\/check/);
});

Deno.test("check exits 64 with a usage message for a bad command line", async () => {
  const none = await runMain(["check"]);
  assert.equal(none.code, 64);
  assert.match(none.stderr, /give exactly one spec file/);
  const bad = await runMain(["check", "specs/examples/topk.yaml", "--runs", "many"]);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /--runs must be an integer/);
});

Deno.test("check --help documents the exit codes", async () => {
  const r = await runMain(["check", "--help"]);
  assert.equal(r.code, 0);
  assert.match(
    r.stdout,
    /Exit codes: 0 every program passed; 1 a program failed a stage; 2 the spec is invalid/,
  );
});

Deno.test("check --seed --path replays a reported failure straight to its counterexample", async () => {
  const dir = await Deno.makeTempDir();
  const args = [
    "check",
    "specs/examples/topk.yaml",
    "--program",
    "specs/examples/topk/wrong_lexicographic.ts",
  ];
  const first = await runMain([...args, "--json", join(dir, "a.json")]);
  assert.equal(first.code, 1, first.stderr);
  const failure =
    JSON.parse(await Deno.readTextFile(join(dir, "a.json"))).programs[0].evaluation.failure;
  const replay = await runMain([
    ...args,
    "--seed",
    String(failure.seed),
    "--path",
    failure.path,
    "--json",
    join(dir, "b.json"),
  ]);
  assert.equal(replay.code, 1, replay.stderr);
  const again = JSON.parse(await Deno.readTextFile(join(dir, "b.json"))).programs[0].evaluation;
  assert.deepEqual(again.failure.counterexample, failure.counterexample);
  const cases = (e: { stages: { stage: string; cases?: number }[] }) =>
    e.stages.find((s) => s.stage === "properties")!.cases!;
  const first0 = JSON.parse(await Deno.readTextFile(join(dir, "a.json"))).programs[0].evaluation;
  assert.ok(cases(again) < cases(first0), "the replay goes straight down the shrink path");
});
