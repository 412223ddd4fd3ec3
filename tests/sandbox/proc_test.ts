// Tests reading a process's resident memory and CPU time from /proc, on a child that allocates and
// spins on command (the pool's memory cap and idle check rest on these readings).
import assert from "node:assert/strict";
import { cpuMs, residentMb } from "../../src/sandbox/_proc.ts";

Deno.test("residentMb() and cpuMs() follow a process that allocates and spins", async () => {
  // It spins until it has used 300 ms of CPU (not of wall time, which a loaded machine stretches).
  const script = "import { cpuUsage } from 'node:process';\nconst held = [];\n" +
    "for await (const chunk of Deno.stdin.readable) {\n" +
    "  const word = new TextDecoder().decode(chunk).trim();\n" +
    "  if (word === 'grow') held.push(new Float64Array(64 << 17).fill(1));\n" +
    "  if (word === 'spin') {\n" +
    "    const start = cpuUsage();\n" +
    "    for (let used = 0; used < 300_000; used = cpuUsage(start).user + cpuUsage(start).system);\n" +
    "  }\n" +
    "  Deno.stdout.writeSync(new TextEncoder().encode('ok\\n'));\n}\n";
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const writer = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  const ask = async (word: string) => {
    await writer.write(new TextEncoder().encode(word + "\n"));
    await reader.read();
  };
  try {
    await ask("hello");
    const [memory, cpu] = [residentMb(child.pid)!, cpuMs(child.pid)!];
    assert.ok(memory > 0 && cpu >= 0);
    await ask("grow");
    assert.ok(residentMb(child.pid)! - memory >= 48, "64 MiB written became resident");
    await ask("spin");
    assert.ok(cpuMs(child.pid)! - cpu >= 200, "300 ms of spinning shows as CPU time");
  } finally {
    await writer.close();
    await child.status;
    await reader.cancel();
  }
  assert.equal(residentMb(child.pid), undefined, "a process that is gone reads as unknown");
});
