// Tests `deno task check specs/cache.yaml` as a user runs it: the spec's own programs pass every
// stage with the expected order (FIFO-like initial < LRU = 0 < S3-FIFO); a policy that evicts a
// key not in the cache, and an oracle that looks for the future, are rejected with shrunk traces.
import assert from "node:assert/strict";
import { runCheckJson } from "../../_helpers/cli.ts";

const FIXTURES = "tests/evaluators/cache/fixtures";

interface Evaluated {
  label: string;
  evaluation: {
    ok: boolean;
    train?: { score: number };
    holdout?: { score: number };
    failure?: Record<string, unknown>;
  };
}

const check = (args: string[]) => runCheckJson<Evaluated>("specs/cache.yaml", args);

Deno.test("check passes the cache initial program and both baselines, S3-FIFO above LRU above FIFO", async () => {
  const { code, programs, out } = await check([]);
  assert.equal(code, 0, out);
  const by = Object.fromEntries(programs.map((p) => [p.label, p.evaluation]));
  assert.deepEqual(Object.keys(by), ["initial", "baseline lru", "baseline s3fifo"]);
  // LRU is the yardstick: exactly 0 on both sets.
  assert.equal(by["baseline lru"].train!.score, 0);
  assert.equal(by["baseline lru"].holdout!.score, 0);
  assert.ok(by.initial.train!.score < 0, JSON.stringify(by.initial.train));
  assert.ok(by["baseline s3fifo"].train!.score > 0.05);
  assert.ok(by["baseline s3fifo"].holdout!.score > 0.05);
});

Deno.test("check rejects an invalid victim and an oracle, each with a shrunk trace", async () => {
  const { code, programs, out } = await check([
    "--no-holdout",
    "--program",
    `${FIXTURES}/invalid_victim.ts`,
    "--program",
    `${FIXTURES}/oracle.ts`,
  ]);
  assert.equal(code, 1, out);
  const [invalid, oracle] = programs.map((p) => p.evaluation.failure!);
  assert.equal(invalid.rule, "victim-in-cache");
  // The smallest trace with an eviction: two keys through a one-key cache.
  assert.deepEqual(invalid.counterexample, { capacity: 1, accesses: [0, 1] });
  assert.match(String(invalid.output), /"badVictim":\{"clock":1,"victim":1\}/);
  // The oracle found no future anywhere it looked (files, env, globals, arguments) and gave up.
  assert.equal(oracle.category, "exception");
  assert.match(String(oracle.message), /step 0: .*oracle: no future in reach/);
  assert.match(
    String(oracle.message),
    /file specs\/cache\/workloads\/train\/train-0\.json\.gz: \w+Error/,
  );
  assert.match(String(oracle.message), /extra arguments: nothing/);
  assert.deepEqual(oracle.counterexample, { capacity: 1, accesses: [0, 1] });
});
