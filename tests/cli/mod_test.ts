import assert from "node:assert/strict";
import { runCli } from "../../src/cli/mod.ts";

Deno.test("runCli() rejects an unknown command with the usage exit code", async () => {
  const code = await runCli(["frobnicate"]);
  assert.equal(code, 64);
});
