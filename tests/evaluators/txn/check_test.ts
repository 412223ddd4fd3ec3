// Tests `deno task check specs/txn.yaml` as a user runs it: the spec's own programs pass every
// stage, and candidates that drop or duplicate a transaction are rejected with a shrunk batch.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../../_helpers/cli.ts";

const FIXTURES = "tests/evaluators/txn/fixtures";

Deno.test("check passes the txn initial program and greedy baseline on every stage", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runMain(["check", "specs/txn.yaml", "--json", join(dir, "r.json")]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const report = JSON.parse(await Deno.readTextFile(join(dir, "r.json")));
    const scores = Object.fromEntries(
      report.programs.map((
        p: { label: string; evaluation: { train: { score: number }; holdout: { score: number } } },
      ) => [p.label, p.evaluation]),
    );
    assert.deepEqual(Object.keys(scores), ["initial", "baseline greedy"]);
    // The initial program is worse than arrival order (score 1); the baseline clearly better.
    assert.ok(scores.initial.train.score < 1, JSON.stringify(scores.initial.train));
    assert.ok(scores["baseline greedy"].train.score > 1.3);
    assert.ok(scores["baseline greedy"].holdout.score > 1.3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check rejects dropped and duplicated transactions with a shrunk counterexample", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runMain([
      "check",
      "specs/txn.yaml",
      "--no-holdout",
      "--program",
      `${FIXTURES}/drops_longest.ts`,
      "--program",
      `${FIXTURES}/duplicates_first.ts`,
      "--json",
      join(dir, "r.json"),
    ]);
    assert.equal(r.code, 1, r.stderr + r.stdout);
    const report = JSON.parse(await Deno.readTextFile(join(dir, "r.json")));
    const [dropped, duplicated] = report.programs.map(
      (p: { evaluation: { failure: Record<string, unknown> } }) => p.evaluation.failure,
    );
    assert.equal(dropped.rule, "one-entry-per-txn");
    assert.match(dropped.doc, /none dropped/);
    // Shrinking ends at the smallest batch that shows the bug: one transaction, dropped.
    assert.equal(dropped.counterexample.txns.length, 1, JSON.stringify(dropped.counterexample));
    assert.equal(dropped.output, "[]");
    assert.equal(duplicated.rule, "each-txn-once");
    assert.equal(duplicated.counterexample.txns.length, 2, JSON.stringify(duplicated));
    assert.equal(duplicated.output, "[0,0]");
    assert.equal(typeof duplicated.seed, "number");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
