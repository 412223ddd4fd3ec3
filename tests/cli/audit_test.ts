// Tests the `audit` command as a user runs it: --help, the JSON and Markdown reports, the
// --min-score CI gate (exit 1 below it), and usage errors (exit 64).
import assert from "node:assert/strict";
import { runMain } from "../_helpers/cli.ts";

const SPEC = "tests/audit/fixtures/shares.yaml";

Deno.test("audit --help describes the command and its options", async () => {
  const r = await runMain(["audit", "--help"]);
  assert.equal(r.code, 0);
  for (const flag of ["--mutants", "--min-score", "--json", "--markdown", "--program"]) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

Deno.test("audit writes JSON and Markdown and exits 1 below --min-score", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runMain([
    "audit",
    SPEC,
    "--mutants",
    "2",
    "--min-score",
    "0.99",
    "--json",
    `${dir}/a.json`,
    "--markdown",
    `${dir}/a.md`,
  ]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /below --min-score 0.99/);
  assert.match(r.stdout, /LIKELY REWARD HACK/);
  const report = JSON.parse(await Deno.readTextFile(`${dir}/a.json`));
  assert.ok(report.totals.score < 0.99);
  const markdown = await Deno.readTextFile(`${dir}/a.md`);
  assert.match(markdown, /### Survivor `hack:constant-output` of initial — likely hack/);
  assert.match(markdown, /```diff/);
  assert.match(markdown, /Moved: score \+\S+ LIKELY REWARD HACK, peak -/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("audit exits 0 when the score reaches --min-score", async () => {
  const r = await runMain([
    "audit",
    "tests/audit/fixtures/shares_strict.yaml",
    "--mutants",
    "2",
    "--min-score",
    "1",
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /mutation score 100.0%/);
});

Deno.test("audit rejects a --min-score outside 0..1 with exit 64", async () => {
  const r = await runMain(["audit", SPEC, "--min-score", "80"]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /--min-score must be between 0 and 1/);
});
