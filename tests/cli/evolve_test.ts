import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runMain, startMainUntil } from "../_helpers/cli.ts";

const SPEC = "tests/fixtures/specs/knob.yaml";

async function onlyRun(runsDir: string): Promise<string> {
  const dirs: string[] = [];
  for await (const e of Deno.readDir(runsDir)) if (e.isDirectory) dirs.push(join(runsDir, e.name));
  assert.equal(dirs.length, 1, `one run directory in ${runsDir}`);
  return dirs[0];
}

function evaluationCount(runDir: string): number {
  const db = new DatabaseSync(join(runDir, "run.db"), { readOnly: true });
  try {
    return Number((db.prepare("SELECT count(*) AS n FROM evaluations").get() as { n: number }).n);
  } finally {
    db.close();
  }
}

Deno.test("evolve runs offline by default, improves on the initial program and writes every report", async () => {
  const runsDir = await Deno.makeTempDir();
  const r = await runMain([
    "evolve",
    SPEC,
    "--iterations",
    "12",
    "--concurrency",
    "1",
    "--runs-dir",
    runsDir,
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /OFFLINE — proposals come from the AST mutation engine/);
  assert.match(r.stderr, /stopped: iterations/);
  const runDir = await onlyRun(runsDir);
  for (
    const f of ["run.db", "invocation.json", "best.ts", "report.md", "report.json", "report.html"]
  ) {
    await Deno.stat(join(runDir, f));
  }
  const report = JSON.parse(await Deno.readTextFile(join(runDir, "report.json")));
  const initialScore = -8.25;
  assert.ok(
    report.best.trainScore > initialScore,
    `best ${report.best.trainScore} beats the initial ${initialScore}`,
  );
  assert.match(await Deno.readTextFile(join(runDir, "best.ts")), /export function estimate/);
});

Deno.test("evolve --resume continues a run without redoing finished evaluations", async () => {
  const runsDir = await Deno.makeTempDir();
  const first = await runMain([
    "evolve",
    SPEC,
    "--iterations",
    "4",
    "--concurrency",
    "1",
    "--runs-dir",
    runsDir,
  ]);
  assert.equal(first.code, 0, first.stderr);
  const runDir = await onlyRun(runsDir);
  const before = evaluationCount(runDir);
  const resumed = await runMain([
    "evolve",
    "--resume",
    runDir,
    "--iterations",
    "8",
    "--concurrency",
    "1",
  ]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /\(resumed\)/);
  const db = new DatabaseSync(join(runDir, "run.db"), { readOnly: true });
  const rows = db.prepare(
    "SELECT iteration, count(*) AS n FROM programs GROUP BY iteration HAVING n > 1",
  ).all();
  db.close();
  assert.deepEqual(rows, [], "no iteration was proposed twice");
  assert.ok(evaluationCount(runDir) > before);
});

Deno.test("evolve stops cleanly on SIGINT, keeps what finished and writes the reports", async () => {
  const runsDir = await Deno.makeTempDir();
  const { child, reader, seen: started } = await startMainUntil(
    ["evolve", SPEC, "--iterations", "100000", "--runs-dir", runsDir],
    /new best/,
  );
  let seen = started;
  child.kill("SIGINT");
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    seen += value;
  }
  const status = await child.status;
  assert.equal(status.code, 130, seen);
  assert.match(seen, /stopping after the candidates in flight/);
  assert.match(seen, /stopped: aborted/);
  const runDir = await onlyRun(runsDir);
  await Deno.stat(join(runDir, "report.md"));
  assert.ok(evaluationCount(runDir) >= 1);
});

Deno.test("evolve --dry-run prints the exact prompt and calls nothing", async () => {
  const r = await runMain(["evolve", SPEC, "--dry-run"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /=== system ===/);
  assert.match(r.stdout, /1\.5 times the mean/);
  assert.match(r.stdout, /non-negative/);
  assert.match(r.stdout, /EVOLVE-BLOCK-START/);
});

Deno.test("evolve refuses a bad command line and a directory that is not a run", async () => {
  const none = await runMain(["evolve"]);
  assert.equal(none.code, 64);
  const notRun = await runMain(["evolve", "--resume", await Deno.makeTempDir()]);
  assert.equal(notRun.code, 64);
  assert.match(notRun.stderr, /is not a run directory made by `evolve`/);
});
