// Tests SandboxPool's behaviour on ordinary and faulty (not hostile) candidates: outputs, timing,
// clone fidelity, seeding, error positions, worker reuse, queueing, and shutdown.
import assert from "node:assert/strict";
import { SandboxError } from "../../src/errors/mod.ts";
import { type RunResult, SandboxPool } from "../../src/sandbox/mod.ts";
import { childPids, waitGone } from "./_procs.ts";

function outputs(result: RunResult): unknown[] {
  assert.ok(result.ok, result.ok ? "" : result.failure.message);
  return result.calls.map((call) => call.output);
}

function failed(result: RunResult) {
  assert.ok(!result.ok, `expected a failure, got ${JSON.stringify(result)}`);
  return result.failure;
}

const SQUARE = "export function square(x: number): number {\n  return x * x;\n}\n";

Deno.test("SandboxPool.run() behaves as documented on ordinary candidates", async (t) => {
  const pool = await SandboxPool.start({ size: 2, timeoutMs: 15_000 });
  try {
    await t.step("returns each call's output and one trusted time per trial", async () => {
      const result = await pool.run({
        source: SQUARE,
        entry: "square",
        calls: [[3], [4]],
        trials: 3,
      });
      assert.deepEqual(outputs(result), [9, 16]);
      for (const call of result.calls) {
        assert.equal(call.timesMs.length, 3);
        assert.ok(call.timesMs.every((ms) => Number.isFinite(ms) && ms >= 0));
      }
    });

    await t.step("hands inputs over with structured-clone fidelity", async () => {
      const value = {
        nan: NaN,
        negativeZero: -0,
        missing: undefined,
        floats: new Float64Array([1.5, -2]),
        bytes: new Uint8Array([1, 2, 255]),
        big: 2n ** 70n,
        when: new Date(0),
        map: new Map([["k", [1, 2]]]),
        set: new Set(["a"]),
        nested: [[1], [], [[2]]],
      };
      const source = "export function seen(x: Record<string, unknown>) {\n" +
        "  return Object.keys(x).map((k) => [k, Object.prototype.toString.call(x[k])]);\n}\n";
      const [kinds] = outputs(await pool.run({ source, entry: "seen", calls: [[value]] }));
      assert.deepEqual(Object.fromEntries(kinds as [string, string][]), {
        nan: "[object Number]",
        negativeZero: "[object Number]",
        missing: "[object Undefined]",
        floats: "[object Float64Array]",
        bytes: "[object Uint8Array]",
        big: "[object BigInt]",
        when: "[object Date]",
        map: "[object Map]",
        set: "[object Set]",
        nested: "[object Array]",
      });
    });

    await t.step("returns outputs as exact plain data: NaN, -0 and undefined kept", async () => {
      const source = "export function same<T>(x: T): T {\n  return x;\n}\n";
      const value = { nan: NaN, negativeZero: -0, missing: undefined, rows: [[1.5], [], [-2]] };
      const [echoed] = outputs(await pool.run({ source, entry: "same", calls: [[value]] })) as [
        typeof value,
      ];
      assert.ok(Number.isNaN(echoed.nan));
      assert.ok(Object.is(echoed.negativeZero, -0));
      assert.ok("missing" in echoed && echoed.missing === undefined);
      assert.deepEqual(echoed, value);
    });

    await t.step("seeds Math.random so that the same seed gives the same outputs", async () => {
      const source = "export function draw(n: number): number[] {\n" +
        "  return Array.from({ length: n }, () => Math.random());\n}\n";
      const run = (seed: number) => pool.run({ source, entry: "draw", calls: [[4], [4]], seed });
      const [first, again] = outputs(await run(42));
      assert.deepEqual(first, again, "every call starts from the seed");
      assert.deepEqual(outputs(await run(42)), [first, first]);
      assert.notDeepEqual(outputs(await run(43))[0], first);
      assert.ok((first as number[]).every((x) => x >= 0 && x < 1));
    });

    await t.step("reports a syntax error at the candidate's line and column", async () => {
      const source = "export function f(x: number): number {\n  const y = (x +;\n  return y;\n}\n";
      const failure = failed(await pool.run({ source, entry: "f", calls: [[1]] }));
      assert.equal(failure.category, "syntax");
      assert.deepEqual([failure.line, failure.column], [2, 17]);
      assert.match(failure.message, /^syntax: candidate\.ts:2:17: Expression expected\./);
    });

    await t.step("reports a missing or non-function entry as load", async () => {
      const missing = failed(await pool.run({ source: SQUARE, entry: "cube", calls: [[1]] }));
      assert.equal(
        missing.message,
        "load: the candidate does not export 'cube'; it exports: square",
      );
      const source = "export const square = 4;\n";
      const notFunction = failed(await pool.run({ source, entry: "square", calls: [[1]] }));
      assert.equal(notFunction.category, "load");
      assert.match(notFunction.message, /exports a non-function 'square'/);
    });

    await t.step("reports a top-level throw as load, at its line", async () => {
      const source =
        "type T = number;\nconst limit: T = 1;\nthrow new Error(`no ${limit}`);\nexport function f() {}\n";
      const failure = failed(await pool.run({ source, entry: "f", calls: [] }));
      assert.equal(failure.message, "load: Error: no 1");
      assert.deepEqual([failure.line, failure.column], [3, 7]);
    });

    await t.step("reports an import as load: a candidate must be self-contained", async () => {
      const source = "import type { X } from './types.ts';\nimport { y } from './helper.ts';\n" +
        "export function f(x: X) {\n  return y(x);\n}\n";
      const failure = failed(await pool.run({ source, entry: "f", calls: [[1]] }));
      assert.equal(failure.category, "load");
      assert.deepEqual([failure.line, failure.column], [2, 19]);
      assert.match(failure.message, /imports '\.\/helper\.ts'/);
    });

    await t.step("times an async entry until its promise settles", async () => {
      // No timers in the compartment: an async entry awaits its own work.
      const source = "const step = (n: number) => Promise.resolve(n + 1);\n" +
        "export async function count(to: number): Promise<number> {\n" +
        "  let n = 0;\n  while (n < to) n = await step(n);\n  return n;\n}\n";
      const result = await pool.run({ source, entry: "count", calls: [[200_000]] });
      assert.deepEqual(outputs(result), [200_000]);
      assert.ok(result.calls[0].timesMs[0] > 0, `timed ${result.calls[0].timesMs[0]} ms`);
    });

    await t.step("returns the calls before a failing one, and its index", async () => {
      const source = "export function root(x: number): number {\n" +
        "  if (x < 0) throw new RangeError('negative');\n  return Math.sqrt(x);\n}\n";
      const result = await pool.run({ source, entry: "root", calls: [[4], [9], [-1], [16]] });
      const failure = failed(result);
      assert.equal(failure.callIndex, 2);
      assert.equal(failure.message, "exception: call 2: RangeError: negative");
      assert.deepEqual(result.calls.map((c) => c.output), [2, 3]);
    });

    await t.step("returns console output in order, from loading on", async () => {
      const source = "console.log('loading');\nexport function say(word: string): number {\n" +
        "  console.log('say', word);\n  console.warn({ word });\n  return word.length;\n}\n";
      const result = await pool.run({ source, entry: "say", calls: [["a"], ["bc"]] });
      assert.deepEqual(outputs(result), [1, 2]);
      assert.deepEqual(result.logs, [
        "loading",
        "say a",
        '[warn] {"word":"a"}',
        "say bc",
        '[warn] {"word":"bc"}',
      ]);
    });

    await t.step(
      "times out a candidate that hangs while loading, after the load limit",
      async () => {
        // Loading gets the larger of the call timeout and loadTimeoutMs, since worker start-up
        // stretches on a loaded machine; a pool of its own keeps that limit short here.
        const hangs = await SandboxPool.start({ size: 1, loadTimeoutMs: 1500 });
        try {
          const source = "for (;;);\nexport function f() {}\n";
          const failure = failed(
            await hangs.run({ source, entry: "f", calls: [[]], timeoutMs: 1000 }),
          );
          assert.equal(failure.message, "timeout: loading the candidate ran past 1500 ms");
        } finally {
          await hangs.close();
        }
      },
    );

    await t.step("with freshRealmPerTrial, resets module state between trials", async () => {
      const source = "let calls = 0;\nexport function once(): number {\n  calls++;\n" +
        "  if (calls > 1) throw new Error(`module state carried over: ${calls} calls`);\n  return calls;\n}\n";
      const fresh = await pool.run({
        source,
        entry: "once",
        calls: [[], []],
        trials: 3,
        freshRealmPerTrial: true,
      });
      assert.deepEqual(outputs(fresh), [1, 1]);
      assert.equal(fresh.calls[1].timesMs.length, 3);
      const reused = failed(await pool.run({ source, entry: "once", calls: [[]], trials: 3 }));
      assert.match(reused.message, /module state carried over/);
    });
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() starts every run with a fresh module, whichever ran before", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  try {
    const counter = "let n = 0;\nexport function next(): number {\n  return ++n;\n}\n";
    const run = async (source: string, entry: string, calls: unknown[][]) =>
      outputs(await pool.run({ source, entry, calls }));
    assert.deepEqual(await run(counter, "next", [[]]), [1]);
    // Module state lasts for the calls of one run, and no further.
    assert.deepEqual(await run(counter, "next", [[], []]), [1, 2]);
    assert.deepEqual(await run(SQUARE, "square", [[5]]), [25]);
    assert.deepEqual(await run(counter, "next", [[]]), [1]);
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() queues requests beyond its size and answers each correctly", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  try {
    const results = await Promise.all(
      [1, 2, 3, 4].map((x) => pool.run({ source: SQUARE, entry: "square", calls: [[x]] })),
    );
    assert.deepEqual(results.map(outputs), [[1], [4], [9], [16]]);
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() keeps serving other requests while one candidate hangs", async () => {
  const pool = await SandboxPool.start({ size: 2, timeoutMs: 15_000 });
  try {
    let hangSettled = false;
    const hang = pool.run({
      source: "export function f() {\n  for (;;);\n}\n",
      entry: "f",
      calls: [[]],
      timeoutMs: 5000,
    })
      .finally(() => hangSettled = true);
    for (let x = 0; x < 4; x++) {
      assert.deepEqual(outputs(await pool.run({ source: SQUARE, entry: "square", calls: [[x]] })), [
        x * x,
      ]);
    }
    assert.equal(hangSettled, false, "the quick runs finished while the hanging one still ran");
    assert.equal(failed(await hang).category, "timeout");
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.close() kills every child process and refuses later runs", async () => {
  const pool = await SandboxPool.start({ size: 2 });
  // The pool's own children, checked against the process table: other test files running in
  // parallel in this process start children of their own, so a before/after diff would count them.
  const children = [...pool.pids];
  assert.equal(children.length, 2);
  const live = new Set(childPids());
  assert.ok(children.every((pid) => live.has(pid)), "every pool child is a live child process");
  await pool.close();
  assert.deepEqual(await waitGone(children), []);
  await assert.rejects(
    () => pool.run({ source: SQUARE, entry: "square", calls: [[1]] }),
    (e) => e instanceof SandboxError && /after close\(\)/.test(e.message),
  );
});

Deno.test("SandboxPool.run() rejects a malformed request with SandboxError", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  try {
    const bad = [
      { source: SQUARE, entry: "", calls: [] },
      { source: SQUARE, entry: "square", calls: [[1]], trials: 0 },
      { source: SQUARE, entry: "square", calls: [[1]], timeoutMs: -5 },
      { source: SQUARE, entry: "square", calls: [1] as unknown as unknown[][] },
      { source: SQUARE, entry: "square", calls: [[() => 1]] },
    ];
    for (const request of bad) {
      await assert.rejects(() => pool.run(request), SandboxError, JSON.stringify(request));
    }
    assert.deepEqual(outputs(await pool.run({ source: SQUARE, entry: "square", calls: [[6]] })), [
      36,
    ]);
  } finally {
    await pool.close();
  }
});

Deno.test("SandboxPool.run() stops a run past its budget, naming it, and then serves the next", async () => {
  const pool = await SandboxPool.start({ size: 1, timeoutMs: 15_000 });
  try {
    const spins = "export function spin(n: number): number {\n  let s = 0;\n" +
      "  for (let i = 0; i < n; i++) s += i % 7;\n  return s;\n}\n";
    // Each call is cheap and well inside its own timeout; together they outlast the budget.
    const result = await pool.run({
      source: spins,
      entry: "spin",
      calls: Array.from({ length: 1000 }, () => [2e6]),
      budget: { ms: 50, name: "test budget, 50 ms" },
    });
    const failure = failed(result);
    assert.equal(failure.category, "timeout");
    assert.match(
      failure.message,
      /^timeout: call \d+ ran out of its budget \(test budget, 50 ms\)$/,
    );
    assert.ok(result.calls.length < 1000);
    assert.deepEqual(outputs(await pool.run({ source: SQUARE, entry: "square", calls: [[3]] })), [
      9,
    ]);
  } finally {
    await pool.close();
  }
});
