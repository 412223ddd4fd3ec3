// Tests the sandbox against hostile candidates (tests/fixtures/hostile/): each must end in the right
// failure category, leak nothing, and leave the pool answering the next call correctly.
import assert from "node:assert/strict";
import { type RunRequest, type RunResult, SandboxPool } from "../../src/sandbox/mod.ts";

const HOSTILE = new URL("../fixtures/hostile/", import.meta.url);
const HEALTHY =
  "export function attack(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0);\n}\n";

interface HostileCase {
  readonly file: string;
  readonly does: string;
  readonly args?: readonly unknown[];
  readonly request?: Partial<RunRequest>;
  readonly check: (result: RunResult) => void;
}

function failure(result: RunResult, category: string) {
  assert.equal(result.ok, false, `expected ${category}, got success: ${JSON.stringify(result)}`);
  if (result.ok) throw new Error("unreachable");
  assert.equal(result.failure.category, category, result.failure.message);
  assert.ok(result.failure.message.startsWith(`${category}: `), result.failure.message);
  return result.failure;
}

function success(result: RunResult): unknown {
  assert.ok(result.ok, result.ok ? "" : result.failure.message);
  return result.calls[0].output;
}

/** Runs `file` on `pool`, checks it, then checks that the pool still answers correctly. */
async function runHostile(pool: SandboxPool, c: HostileCase): Promise<void> {
  const source = await Deno.readTextFile(new URL(c.file, HOSTILE));
  const result = await pool.run({ source, entry: "attack", calls: [c.args ?? []], ...c.request });
  c.check(result);
  const next = await pool.run({ source: HEALTHY, entry: "attack", calls: [[[1, 2, 3]], [[4]]] });
  assert.deepEqual(next.ok && next.calls.map((call) => call.output), [6, 4]);
}

const secretDir = await Deno.makeTempDir({ prefix: "sandbox_hostile_" });
const secretFile = `${secretDir}/secret.json`;
await Deno.writeTextFile(secretFile, JSON.stringify({ secret: "s3cr3t-file-content" }));
Deno.env.set("SANDBOX_TEST_SECRET", "s3cr3t-env-value");

const cases: HostileCase[] = [
  {
    file: "read_file.ts",
    does: "refuses every route to read a file",
    args: [secretFile],
    check: (r) => {
      const f = failure(r, "exception");
      assert.match(f.message, /every route was refused/);
      assert.doesNotMatch(f.message, /s3cr3t/);
    },
  },
  {
    file: "write_file.ts",
    does: "refuses to write a file or persist in the Cache API",
    args: [`${secretDir}/written.txt`],
    check: (r) => {
      assert.match(failure(r, "exception").message, /every route was refused/);
      assert.throws(() => Deno.statSync(`${secretDir}/written.txt`), Deno.errors.NotFound);
    },
  },
  {
    file: "read_env.ts",
    does: "refuses to read the environment",
    args: ["SANDBOX_TEST_SECRET"],
    check: (r) => assert.doesNotMatch(failure(r, "exception").message, /s3cr3t/),
  },
  {
    file: "spawn_process.ts",
    does: "refuses to spawn a process",
    check: (r) => assert.match(failure(r, "exception").message, /Deno is not defined/),
  },
  {
    file: "node_builtins.ts",
    does: "refuses node:fs",
    args: [secretFile],
    check: (r) => assert.doesNotMatch(failure(r, "exception").message, /s3cr3t/),
  },
  {
    file: "infinite_loop.ts",
    does: "stops a candidate spinning in while(true) at its timeout",
    request: { timeoutMs: 1000 },
    check: (r) => {
      const f = failure(r, "timeout");
      assert.equal(f.message, "timeout: call 0 ran past 1000 ms");
      assert.equal(f.callIndex, 0);
    },
  },
  {
    file: "never_resolves.ts",
    does: "times out a promise that never settles",
    request: { timeoutMs: 1000 },
    check: (r) => failure(r, "timeout"),
  },
  {
    file: "throws.ts",
    does: "reports an exception at its TypeScript line and column with only the candidate's frames",
    args: [{ sides: 5 }],
    check: (r) => {
      const f = failure(r, "exception");
      assert.equal(f.message, "exception: call 0: RangeError: a shape with 5 sides");
      assert.deepEqual([f.line, f.column], [11, 9]);
      assert.equal(
        f.stack,
        "RangeError: a shape with 5 sides\n    at check (candidate.ts:11:9)\n    at attack (candidate.ts:7:10)",
      );
    },
  },
  {
    file: "stack_overflow.ts",
    does: "reports unbounded recursion as an exception",
    args: [0],
    check: (r) => assert.match(failure(r, "exception").message, /Maximum call stack size exceeded/),
  },
  {
    file: "returns_function.ts",
    does: "rejects a returned function as invalid output",
    check: (r) => assert.match(failure(r, "invalid-output").message, /cannot be cloned/),
  },
  {
    file: "returns_symbol.ts",
    does: "rejects a returned Symbol as invalid output",
    check: (r) => assert.match(failure(r, "invalid-output").message, /cannot be cloned/),
  },
  {
    file: "returns_proxy.ts",
    does: "rejects a returned Proxy as invalid output",
    check: (r) => assert.match(failure(r, "invalid-output").message, /cannot be cloned/),
  },
  {
    file: "returns_getter.ts",
    does: "returns a getter's value as plain data that no longer changes",
    check: (r) => {
      const output = success(r) as { value: number };
      const descriptor = Object.getOwnPropertyDescriptor(output, "value")!;
      assert.equal(descriptor.get, undefined);
      assert.equal(typeof descriptor.value, "number");
      assert.equal(output.value, output.value);
    },
  },
  {
    file: "lazy_getter_speed.ts",
    does: "charges work hidden in an output getter to the call's trusted time",
    request: { trials: 2 },
    check: (r) => {
      assert.ok(r.ok, r.ok ? "" : r.failure.message);
      for (const ms of r.calls[0].timesMs) {
        assert.ok(ms >= 50, `every trial pays the getter: ${r.calls[0].timesMs}`);
      }
    },
  },
  {
    file: "returns_cyclic.ts",
    does: "returns a cyclic object as a cyclic clone",
    check: (r) => {
      const output = success(r) as { name: string; self: unknown };
      assert.equal(output.name, "loop");
      assert.equal(output.self, output);
    },
  },
  {
    file: "mutates_input.ts",
    does: "gives every trial a fresh copy of an input the candidate mutates",
    args: [{ values: [7, 8, 9] }],
    request: { trials: 4 },
    check: (r) => {
      assert.equal(success(r), 7);
      assert.equal(r.calls[0].timesMs.length, 4);
    },
  },
  {
    file: "fakes_clock.ts",
    does: "reports replaced clocks as tamper and keeps timing on the real clock",
    check: (r) => {
      const f = failure(r, "tamper");
      assert.match(f.message, /performance\.now/);
      assert.match(f.message, /Date\.now/);
      // The candidate spun 40 ms by the real clock while its fake clocks said 0.
      assert.ok(f.timesMs !== undefined && f.timesMs[0] >= 35, `times: ${f.timesMs}`);
    },
  },
  {
    file: "hijacks_timing.ts",
    does: "keeps the harness's timing array out of reach of prototype setters",
    check: (r) => {
      const f = failure(r, "tamper");
      assert.match(f.message, /Array\.prototype\.0 \(added\)/);
      assert.ok(f.timesMs !== undefined && f.timesMs[0] >= 25, `times: ${f.timesMs}`);
    },
  },
  {
    file: "poisons_array.ts",
    does: "reports a poisoned Array.prototype as tamper",
    args: [[1, 2]],
    check: (r) => assert.match(failure(r, "tamper").message, /Array\.prototype\.map/),
  },
  {
    file: "forges_messages.ts",
    does: "gives a candidate no way to post a forged reply",
    check: (r) => assert.match(failure(r, "exception").message, /postMessage\(\) is not available/),
  },
  {
    file: "closes_worker.ts",
    does: "does not let a candidate close its worker",
    check: (r) => assert.match(failure(r, "exception").message, /close\(\) is not available/),
  },
  {
    file: "console_spam.ts",
    does: "caps console output and marks it truncated",
    args: [200_000],
    check: (r) => {
      assert.equal(success(r), 200_000);
      const total = r.logs.reduce((sum, line) => sum + line.length, 0);
      assert.ok(total < 70 * 1024, `kept ${total} characters`);
      assert.match(r.logs.at(-1)!, /truncated/);
      assert.ok(!r.logs.includes("[error] spam done"));
    },
  },
];

Deno.test("SandboxPool.run() contains every hostile candidate and keeps serving", async (t) => {
  const pool = await SandboxPool.start({ size: 2, timeoutMs: 15_000 });
  try {
    for (const c of cases) {
      await t.step(`${c.file} -> ${c.does}`, () => runHostile(pool, c));
    }
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() refuses a request to a loopback server", async () => {
  let requests = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => {
    requests++;
    return new Response("reached");
  });
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  try {
    await runHostile(pool, {
      file: "fetch_loopback.ts",
      does: "refuses the loopback network",
      args: [`http://127.0.0.1:${server.addr.port}/`],
      check: (r) => assert.match(failure(r, "exception").message, /every route was refused/),
    });
    assert.equal(requests, 0);
  } finally {
    await pool.close();
    await server.shutdown();
  }
});

Deno.test("SandboxPool.run() enforces the memory and output caps", async (t) => {
  const pool = await SandboxPool.start({
    size: 1,
    timeoutMs: 15_000,
    memoryMb: 128,
    maxOutputBytes: 1024 * 1024,
  });
  try {
    await t.step(
      "memory_bomb.ts -> fails with memory when the heap cap is hit",
      () =>
        runHostile(pool, {
          file: "memory_bomb.ts",
          does: "",
          check: (r) => assert.match(failure(r, "memory").message, /heap is capped at 128 MB/),
        }),
    );
    await t.step(
      "huge_output.ts -> fails with invalid-output saying it was capped",
      () =>
        runHostile(pool, {
          file: "huge_output.ts",
          does: "",
          args: [4],
          check: (r) => assert.match(failure(r, "invalid-output").message, /capped/),
        }),
    );
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() replaces a child whose candidate keeps spinning after it returned", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  try {
    // The pool's own children: other test files running in parallel start children too.
    const before = [...pool.pids];
    await runHostile(pool, {
      file: "background_spin.ts",
      does: "",
      check: (r) => assert.equal(success(r), 1),
    });
    // The healthy run after it had to retire the spinning worker, found it busy, and so got a new child.
    const after = [...pool.pids];
    assert.equal(after.length, before.length);
    assert.notDeepEqual(after, before);
    // With a fresh worker per trial, the spinner is caught between its own trials.
    await runHostile(pool, {
      file: "background_spin.ts",
      does: "",
      request: { trials: 2, freshWorkerPerTrial: true },
      check: (r) =>
        assert.match(failure(r, "timeout").message, /kept running after its call returned/),
    });
  } finally {
    await pool.close();
  }
});
