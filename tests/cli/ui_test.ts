import assert from "node:assert/strict";
import { main } from "../../src/cli/ui.ts";
import { isUsageError } from "../../src/errors/mod.ts";
import { makeFixtureRun } from "../../bench/_fixture_run.ts";

Deno.test("ui main() refuses a folder that does not exist and extra arguments", async () => {
  await assert.rejects(
    () => main(["/no/such/runs"]),
    (e) => isUsageError(e) && /does not exist/.test(e.message),
  );
  await assert.rejects(
    () => main(["a", "b"]),
    (e) => isUsageError(e) && /at most one folder/.test(e.message),
  );
  await assert.rejects(
    () => main(["--port", "x"]),
    (e) => isUsageError(e) && /--port must be an integer/.test(e.message),
  );
});

Deno.test("`ui <run-dir>` serves that run on loopback until Ctrl-C, then exits 0", async () => {
  const root = await Deno.makeTempDir();
  const run = makeFixtureRun(root, { programs: 4 });
  run.store.close();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../main.ts", import.meta.url).pathname,
      "ui",
      run.dir,
      "--port",
      "0",
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  try {
    const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
    let log = "";
    const printed = /at (http:\/\/127\.0\.0\.1:\d+)\/\?token=([0-9a-f]{64})\n/;
    while (!printed.test(log)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`ui exited early: ${log}`);
      log += value;
    }
    const [, url, token] = printed.exec(log)!;
    const bare = await fetch(`${url}/`, { redirect: "manual" });
    assert.equal(bare.status, 401, "loopback too: nothing without the printed token");
    await bare.body?.cancel();
    const headers = { authorization: `Bearer ${token}` };
    const home = await fetch(`${url}/`, { redirect: "manual", headers });
    assert.equal(home.status, 303, "one run's folder: / goes to the run");
    assert.equal(home.headers.get("location"), `/runs/${run.name}`);
    const page = await fetch(`${url}/runs/${run.name}`, { headers });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<h1>eplb<\/h1>/);
    child.kill("SIGINT");
    reader.releaseLock();
    await child.stderr.cancel().catch(() => {});
    const status = await child.status;
    assert.equal(status.code, 0);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already ended */ }
    await child.stdout.cancel().catch(() => {});
    await Deno.remove(root, { recursive: true });
  }
});
