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
    does: "refuses to spawn a process: there is no Deno in the candidate's realm",
    check: (r) => assert.match(failure(r, "exception").message, /reading 'Command'/),
  },
  {
    file: "node_builtins.ts",
    does: "refuses node:fs: import() is refused before the candidate runs",
    args: [secretFile],
    check: (r) => assert.match(failure(r, "load").message, /calls import\(\)/),
  },
  {
    file: "dynamic_import.ts",
    does: "refuses import() of a data: URL at load, at its line",
    check: (r) => {
      const f = failure(r, "load");
      assert.match(f.message, /^load: candidate\.ts:4:24: the candidate calls import\(\)/);
    },
  },
  {
    file: "reaches_for_workers.ts",
    does: "gives no route to a nested worker, realm or module, and no fake Deno",
    check: (r) => assert.deepEqual(success(r), []),
  },
  {
    file: "explores_reachable.ts",
    does: "leaves nothing reachable but frozen pure-computation built-ins",
    check: (r) => {
      const found = success(r) as { hostApis: string[]; mutable: string[]; globals: string[] };
      assert.deepEqual(found.hostApis, []);
      assert.deepEqual(found.mutable, []);
      assert.ok(!found.globals.includes("Deno") && found.globals.includes("Math"));
    },
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
    file: "background_spin.ts",
    does: "times out work left spinning after the entry returned, as this candidate's failure",
    request: { timeoutMs: 1000 },
    check: (r) => {
      const f = failure(r, "timeout");
      // Work it queued is its own: the call's time limit covers it, as it covers the call.
      assert.equal(f.message, "timeout: call 0 ran past 1000 ms");
    },
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
    check: (r) => assert.match(failure(r, "invalid-output").message, /holds a function at \//),
  },
  {
    file: "returns_symbol.ts",
    does: "rejects a returned Symbol as invalid output",
    check: (r) => assert.match(failure(r, "invalid-output").message, /holds a symbol at \//),
  },
  {
    file: "returns_cyclic.ts",
    does: "rejects an object that contains itself, naming where",
    check: (r) =>
      assert.match(failure(r, "invalid-output").message, /shared or cyclic\) at \/self/),
  },
  {
    file: "returns_proxy.ts",
    does: "reads a Proxy once, into plain data that no longer changes",
    check: (r) => {
      const output = success(r) as { value: number };
      assert.deepEqual(output, { value: 10 });
      assert.equal(Object.getOwnPropertyDescriptor(output, "value")?.get, undefined);
    },
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
    file: "lazy_second_read.ts",
    does: "reads an output's getter exactly once: the work it saves for a second read never runs",
    request: { trials: 3 },
    check: (r) => {
      assert.deepEqual(success(r), { value: 1 });
      assert.equal(r.calls[0].timesMs.length, 3);
    },
  },
  {
    file: "async_species.ts",
    does: "settles an async entry by its real promise only: no own then, no species",
    check: (r) => assert.equal(success(r), "real after 1000000 spins"),
  },
  {
    file: "sparse_output.ts",
    does: "refuses an output of 1e8 holes by its element count, before reading it",
    check: (r) => {
      const f = failure(r, "invalid-output");
      assert.match(
        f.message,
        /more than 4000000 elements \(sandbox\.maxOutputElements\) at \/rows/,
      );
    },
  },
  {
    file: "shared_rows_output.ts",
    does: "refuses an output that repeats one row two million times",
    check: (r) => assert.match(failure(r, "invalid-output").message, /shared or cyclic\) at \/1/),
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
    does: "has no clock to fake, and frozen built-ins: replacing Date.now throws",
    check: (r) => assert.match(failure(r, "exception").message, /read only property 'now'/),
  },
  {
    file: "hijacks_timing.ts",
    does: "keeps a setter off Array.prototype: it is frozen",
    check: (r) => assert.match(failure(r, "exception").message, /Cannot define property 0/),
  },
  {
    file: "poisons_array.ts",
    does: "refuses to poison Array.prototype: it is frozen",
    args: [[1, 2]],
    check: (r) => assert.match(failure(r, "exception").message, /read only property 'map'/),
  },
  {
    file: "plants_prototype_getter.ts",
    does:
      "refuses a getter planted on the input's prototype, Object.prototype or Function.prototype",
    args: [{ values: [1] }],
    check: (r) => assert.match(failure(r, "exception").message, /not extensible/),
  },
  {
    file: "swallows_port_messages.ts",
    does: "gives no reach to the Web API prototypes the harness's message path runs through",
    check: (r) => assert.match(failure(r, "exception").message, /reading 'prototype'/),
  },
  {
    file: "forges_messages.ts",
    does: "gives a candidate no messaging route to post a forged reply",
    check: (r) => assert.match(failure(r, "exception").message, /not a constructor/),
  },
  {
    file: "closes_worker.ts",
    does: "does not let a candidate close its worker",
    check: (r) => assert.match(failure(r, "exception").message, /close is not a function/),
  },
  {
    file: "webgpu.ts",
    does: "gives no WebGPU: there is no navigator in the candidate's realm",
    check: (r) => assert.match(failure(r, "exception").message, /reading 'gpu'/),
  },
  {
    file: "leaves_blob_url.ts",
    does: "gives no Blob URLs to leave behind",
    check: (r) => assert.match(failure(r, "exception").message, /reading 'createObjectURL'/),
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
  ...[
    ["stack_not_string.ts", "answers a second read of its stack with a non-string"],
    ["stack_string_object.ts", "hands the harness a String object of 64 Mi characters as stack"],
    ["uncaught_message_uncapped.ts", "throws a 16 Mi-character error from the harness's read"],
    ["message_fake_position.ts", "names a script position outside the script in its message"],
    ["spoofs_report.ts", "carries terminal controls and fake report lines in its stack"],
  ].map(([file, does]): HostileCase => ({
    file,
    does: `reads what it throws as untrusted text, which ${does}`,
    check: (r) => {
      const f = failure(r, "exception");
      for (const text of [f.message, f.stack ?? ""]) {
        assert.ok(text.length <= 8200, `${text.length} characters kept`);
        // deno-lint-ignore no-control-regex -- no control character may reach a report
        assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }
    },
  })),
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
          check: (r) => assert.match(failure(r, "memory").message, /128 MB/),
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

Deno.test("SandboxPool.run() counts memory outside the V8 heap against the cap", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 30_000, memoryMb: 256 });
  try {
    await runHostile(pool, {
      file: "offheap_memory.ts",
      does: "",
      args: [1024],
      check: (r) => assert.match(failure(r, "memory").message, /resident, over its cap of 256 MB/),
    });
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() charges work hidden in an output getter to the call's trusted time", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 30_000 });
  try {
    const source = await Deno.readTextFile(new URL("lazy_getter_speed.ts", HOSTILE));
    const timed = async (entry: string) => {
      const result = await pool.run({ source, entry, calls: [[]], trials: 3 });
      assert.ok(result.ok, result.ok ? "" : result.failure.message);
      assert.deepEqual(result.calls[0].output, { value: 1 });
      return Math.min(...result.calls[0].timesMs);
    };
    // The same work done in the open is the baseline, measured in the same child.
    const open = await timed("work");
    const hidden = await timed("attack");
    assert.ok(hidden >= open * 0.5, `hidden work timed ${hidden} ms, in the open ${open} ms`);
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() charges the work a call queues after returning to that call's time", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 30_000 });
  try {
    const timed = async (file: string, entry: string) => {
      const source = await Deno.readTextFile(new URL(file, HOSTILE));
      // Three calls of one run: each call's queued work would otherwise precede the next call.
      const result = await pool.run({ source, entry, calls: [[4e7], [4e7], [4e7]] });
      assert.ok(result.ok, result.ok ? "" : result.failure.message);
      return Math.min(...result.calls.map((c) => c.timesMs[0]));
    };
    // The same work done inside the call is the baseline, measured in the same child.
    const open = await timed("untimed_tail.ts", "work");
    for (const file of ["untimed_tail.ts", "untimed_tail_chain.ts"]) {
      const queued = await timed(file, "attack");
      assert.ok(queued >= open * 0.5, `${file}: queued work timed ${queued} ms, inside ${open} ms`);
    }
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() lets no state survive a run, for the next run or the next candidate", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  try {
    const source = await Deno.readTextFile(new URL("leaves_state.ts", HOSTILE));
    const left = await pool.run({ source, entry: "leave", calls: [[]] });
    // Module state is the only place a write lands (a `var` in eval code lands in that
    // evaluation's own scope), and a run's module is its own.
    assert.deepEqual(left.ok && left.calls[0].output, ["a global var from eval", "module"]);
    const again = await pool.run({ source, entry: "find", calls: [[]] });
    assert.deepEqual(again.ok && again.calls[0].output, []);
    const other = source.replace("left-by-an-earlier-candidate", "left-by-an-earlier-candidate");
    const next = await pool.run({
      source: `${other}\n// another candidate\n`,
      entry: "find",
      calls: [[]],
    });
    assert.deepEqual(next.ok && next.calls[0].output, []);
  } finally {
    await pool.close();
  }
});
