import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runMain } from "../_helpers/cli.ts";

async function smallRun(): Promise<string> {
  const runsDir = await Deno.makeTempDir();
  const r = await runMain([
    "evolve",
    "tests/fixtures/specs/knob.yaml",
    "--iterations",
    "2",
    "--runs-dir",
    runsDir,
  ]);
  assert.equal(r.code, 0, r.stderr);
  for await (const e of Deno.readDir(runsDir)) return join(runsDir, e.name);
  throw new Error("no run directory");
}

Deno.test("steer queues hint, pause and inject commands as events in the run database", async () => {
  const runDir = await smallRun();
  const program = join(await Deno.makeTempDir(), "mine.ts");
  await Deno.writeTextFile(
    program,
    "export function estimate(xs: number[]): number { return 1; }\n",
  );
  for (const args of [["hint", "try a factor near 1.5"], ["pause"], ["inject", program]]) {
    const r = await runMain(["steer", runDir, ...args]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /queued as event \d+/);
  }
  const db = new DatabaseSync(join(runDir, "run.db"), { readOnly: true });
  const payloads = db.prepare(
    "SELECT payload_json AS payload FROM events WHERE kind = 'steer' ORDER BY id",
  ).all()
    .map((row) => JSON.parse(String(row.payload)));
  db.close();
  assert.deepEqual(payloads.map((p) => p.kind), ["hint", "pause", "inject"]);
  assert.equal(payloads[0].text, "try a factor near 1.5");
  assert.match(payloads[2].source, /return 1;/);
});

Deno.test("steer rejects unknown commands, missing files and non-run directories with usage errors", async () => {
  const runDir = await smallRun();
  assert.equal((await runMain(["steer", runDir, "explode"])).code, 64);
  assert.equal((await runMain(["steer", runDir, "inject", "/no/such/file.ts"])).code, 64);
  assert.equal((await runMain(["steer", runDir, "hint", "  "])).code, 64);
  const notRun = await runMain(["steer", await Deno.makeTempDir(), "pause"]);
  assert.equal(notRun.code, 64);
  assert.match(notRun.stderr, /run\.db not found/);
});

Deno.test("report regenerates a run's reports from its database", async () => {
  const runDir = await smallRun();
  await Deno.remove(join(runDir, "report.md"));
  const r = await runMain(["report", runDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /report\.md/);
  assert.match(await Deno.readTextFile(join(runDir, "report.md")), /knob/);
});
