// Tests that no sandbox child outlives its parent: SIGINT and SIGTERM run the pool's handlers, and
// a parent killed outright (SIGKILL) closes the children's stdin, which makes them exit.
import assert from "node:assert/strict";
import { childPids, waitGone } from "./_procs.ts";

async function startParent(
  mode: string,
): Promise<{ parent: Deno.ChildProcess; children: number[] }> {
  const parent = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./_pool_parent.ts", import.meta.url).pathname, mode],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = parent.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let said = "";
  while (!said.includes("ready")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the pool parent ended before it was ready: ${said}`);
    said += value;
  }
  await reader.cancel();
  return { parent, children: childPids(parent.pid) };
}

for (
  const [signal, mode, expected] of [
    ["SIGINT", "handlers", { code: 130, signal: "SIGINT" }],
    ["SIGTERM", "handlers", { code: 143, signal: "SIGTERM" }],
    ["SIGKILL", "handlers", { code: 137, signal: "SIGKILL" }],
    ["SIGTERM", "no-handlers", { code: 143, signal: "SIGTERM" }],
  ] as const
) {
  Deno.test(`SandboxPool leaves no child process behind when its parent gets ${signal} (${mode})`, async () => {
    const { parent, children } = await startParent(mode);
    assert.equal(children.length, 2, "the pool started two children");
    parent.kill(signal);
    const status = await parent.status;
    assert.deepEqual({ code: status.code, signal: status.signal }, expected);
    assert.deepEqual(await waitGone(children), [], "every child is gone");
  });
}
