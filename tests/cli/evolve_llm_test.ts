import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { startMockOpenAI } from "../../src/testing/mod.ts";
import { ROOT } from "../_helpers/cli.ts";

const KEY = "sk-test-DO-NOT-LEAK-7f3a9c";

/** The improvement the mock proposes: the factor the knob spec wants. */
const EDIT = [
  "The factor should be 1.5.",
  "<<<<<<< SEARCH",
  "  return (total / xs.length) * 0.5;",
  "=======",
  "  return (total / xs.length) * 1.5;",
  ">>>>>>> REPLACE",
].join("\n");

/** Token counts every scripted reply reports. */
const USAGE = { prompt_tokens: 1000, completion_tokens: 100 };

async function readAll(dir: string): Promise<string> {
  let text = "";
  for await (const e of Deno.readDir(dir)) {
    const path = join(dir, e.name);
    if (e.isFile) text += new TextDecoder().decode(await Deno.readFile(path));
  }
  return text;
}

Deno.test("evolve with an OpenAI-compatible endpoint applies the model's edit, reports its cost and never stores the key", async () => {
  await using server = startMockOpenAI([{
    content: EDIT,
    usage: { prompt_tokens: 1200, completion_tokens: 80 },
  }], {
    content: "No further change.\n```typescript\nthis is not code\n```",
  });
  const runsDir = await Deno.makeTempDir();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "main.ts",
      "evolve",
      "tests/fixtures/specs/knob.yaml",
      "--iterations",
      "3",
      "--concurrency",
      "1",
      "--model",
      "mock-model",
      "--base-url",
      server.url,
      "--runs-dir",
      runsDir,
    ],
    cwd: ROOT,
    env: { CI: "true", OPENAI_API_KEY: KEY },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  assert.match(stderr, /LLM proposals from mock-model/);
  assert.ok(server.requests.length >= 1);
  assert.equal(server.requests[0].authorization, `Bearer ${KEY}`);
  const prompt = server.requests[0].body.messages.map((m) => m.content).join("\n");
  assert.match(prompt, /1\.5 times the mean/, "the spec's description is in the prompt");
  assert.match(prompt, /non-negative/, "the invariants are in the prompt");

  let runDir = "";
  for await (const e of Deno.readDir(runsDir)) runDir = join(runsDir, e.name);
  assert.match(await Deno.readTextFile(join(runDir, "best.ts")), /\* 1\.5;/);
  const report = JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
  assert.equal(report.best.trainScore, 0, "the exact factor leaves no error");
  const db = new DatabaseSync(join(runDir, "run.db"), { readOnly: true });
  const calls = db.prepare("SELECT count(*) AS n, sum(input_tokens) AS t FROM llm_calls").get() as {
    n: number;
    t: number;
  };
  db.close();
  assert.ok(Number(calls.n) >= 1);
  assert.ok(Number(calls.t) >= 1200);
  assert.ok(!stderr.includes(KEY), "the key is not printed");
  assert.ok(!(await readAll(runDir)).includes(KEY), "the key is in no run file (db, reports)");
});

Deno.test("evolve keeps SPECEVOLVE_BUDGET_USD across --resume: the engine owns the one dollar budget", async () => {
  // Every call costs 1000 input + 100 output tokens at $100/M each: $0.11.
  await using server = startMockOpenAI(
    (_req, i) => ({ content: i === 0 ? EDIT : "No change.", usage: USAGE }),
  );
  const runsDir = await Deno.makeTempDir();
  const env = {
    CI: "true",
    OPENAI_API_KEY: KEY,
    OPENAI_BASE_URL: server.url,
    SPECEVOLVE_BUDGET_USD: "0.3",
  };
  const run = (args: string[]) =>
    new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "main.ts", "evolve", ...args, "--concurrency", "1"],
      cwd: ROOT,
      env,
      stdout: "piped",
      stderr: "piped",
    }).output();
  const first = await run([
    "tests/fixtures/specs/knob_priced.yaml",
    "--iterations",
    "20",
    "--runs-dir",
    runsDir,
  ]);
  assert.equal(first.code, 0, new TextDecoder().decode(first.stderr));
  let runDir = "";
  for await (const e of Deno.readDir(runsDir)) runDir = join(runsDir, e.name);
  const spent = () => {
    const db = new DatabaseSync(join(runDir, "run.db"), { readOnly: true });
    try {
      return Number(
        (db.prepare("SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM llm_calls").get() as {
          usd: number;
        }).usd,
      );
    } finally {
      db.close();
    }
  };
  const afterFirst = spent();
  assert.ok(afterFirst > 0 && afterFirst <= 0.3, `first session spent ${afterFirst}`);
  assert.match(new TextDecoder().decode(first.stderr), /stopped: budget/);
  const second = await run(["--resume", runDir]);
  assert.equal(second.code, 0, new TextDecoder().decode(second.stderr));
  // A resumed session gets what is left of $0.30, not a fresh $0.30 of its own.
  assert.ok(spent() <= 0.3, `both sessions spent ${spent()}`);
});
