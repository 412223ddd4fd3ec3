import assert from "node:assert/strict";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { runMain, startMainUntil } from "../_helpers/cli.ts";

const SPEC = "tests/fixtures/specs/knob.yaml";

/** Starts `evolve` with `args`, waits for the first new best, SIGKILLs it; returns the run dir. */
async function startAndKill(args: readonly string[]): Promise<string> {
  const runsDir = await Deno.makeTempDir();
  const { child, reader, seen } = await startMainUntil(
    ["evolve", SPEC, ...args, "--runs-dir", runsDir],
    /new best/,
  );
  child.kill("SIGKILL");
  await reader.cancel();
  await child.status;
  const dirs = [...Deno.readDirSync(runsDir)].filter((e) => e.isDirectory);
  assert.equal(dirs.length, 1, seen);
  return join(runsDir, dirs[0].name);
}

/** The run row's status and the highest iteration any program or event of the run holds. */
function runFacts(runDir: string) {
  const db = new DatabaseSync(join(runDir, "run.db"), { readOnly: true });
  try {
    const run = db.prepare("SELECT status FROM run").get() as { status: string };
    const top = db.prepare(
      "SELECT max(i) AS i FROM (SELECT iteration AS i FROM programs UNION ALL " +
        "SELECT iteration AS i FROM events WHERE iteration IS NOT NULL)",
    ).get() as { i: number };
    const overrides = db.prepare("SELECT payload_json FROM events WHERE kind = 'override'").all()
      .map((r) => JSON.parse(String(r.payload_json)));
    return { status: run.status, lastIteration: Number(top.i), overrides };
  } finally {
    db.close();
  }
}

// The spec says evolve.iterations 10 and the default concurrency is 2: both differ here.
const LIMITS = ["--iterations", "24", "--concurrency", "1"];

Deno.test("evolve --resume without flags continues a SIGKILLed run under the limits it started with", async () => {
  const runDir = await startAndKill(LIMITS);
  const killed = runFacts(runDir);
  assert.equal(killed.status, "running", "the first session was killed before it finished");
  assert.ok(killed.lastIteration < 24, `killed at iteration ${killed.lastIteration}`);

  const resumed = await runMain(["evolve", "--resume", runDir]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /stopped: iterations/);
  const after = runFacts(runDir);
  assert.equal(after.lastIteration, 24, "stopped where --iterations 24 says, not at the spec's 10");
  assert.deepEqual(after.overrides, [], "nothing was overridden");
  const report = await Deno.readTextFile(join(runDir, "report.md"));
  assert.match(report, /iterations 24, max seconds none, target none, plateau none/);
  assert.match(report, /concurrency 1\b/);
});

Deno.test("evolve --resume with a flag overrides that limit only and stores an override event", async () => {
  const runDir = await startAndKill([...LIMITS, "--plateau", "500"]);
  const resumed = await runMain(["evolve", "--resume", runDir, "--iterations", "28"]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const after = runFacts(runDir);
  assert.equal(after.lastIteration, 28);
  assert.equal(after.overrides.length, 1);
  assert.deepEqual(after.overrides[0].changes, {
    iterations: { from: 24, to: 28 },
    "settings.iterations": { from: "24", to: "28" },
  });
  const db = new DatabaseSync(join(runDir, "run.db"), { readOnly: true });
  const row = db.prepare("SELECT config_json FROM run").get() as { config_json: string };
  db.close();
  const config = JSON.parse(row.config_json);
  assert.equal(config.evolve.plateau, 500, "the limit not given at resume is kept");
  assert.equal(config.concurrency, 1);
  const report = await Deno.readTextFile(join(runDir, "report.md"));
  assert.match(report, /iterations 28, .*plateau 500, .*\(1 resume overrode limits or settings\)/);
});
