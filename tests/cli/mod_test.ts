import assert from "node:assert/strict";
import { runCli } from "../../src/cli/mod.ts";

Deno.test("runCli() rejects an unknown command with the usage exit code", async () => {
  const code = await runCli(["frobnicate"]);
  assert.equal(code, 64);
});

Deno.test("runCli() ends a command that throws with the exit code of the error's kind", async () => {
  // `report` on a folder without a run database throws a usage error from deep in src/report.
  const dir = await Deno.makeTempDir();
  try {
    assert.equal(await runCli(["report", dir]), 64);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
