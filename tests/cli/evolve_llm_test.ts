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
