// Tests the bounded type check: the same answers as the in-process check, and a candidate whose
// types are pathological stopped at the time or memory limit as a diagnostic, not a hang or a crash.
import assert from "node:assert/strict";
import { BoundedTypeChecker, createCandidateChecker, generateTypes } from "../../src/spec/mod.ts";

const SPEC = {
  input: { type: "number" },
  output: { type: "number" },
  args: null,
  entry: "attack",
} as unknown as Parameters<typeof generateTypes>[0];
const PATHOLOGICAL = await Deno.readTextFile(
  new URL("../fixtures/hostile/pathological_types.ts", import.meta.url),
);
const GOOD = "export function attack(x: number): number {\n  return x + 1;\n}\n";
const BAD = "export function attack(x: number): number {\n  return 'one';\n}\n";

Deno.test("BoundedTypeChecker gives the in-process checker's diagnostics", async () => {
  const bounded = await BoundedTypeChecker.start();
  try {
    const check = bounded.checkerFor("attack", generateTypes(SPEC));
    const direct = createCandidateChecker(SPEC);
    for (const source of [GOOD, BAD, "export const attack = 3;\n"]) {
      assert.deepEqual(await check(source), direct(source), source);
    }
  } finally {
    await bounded.close();
  }
});

Deno.test("BoundedTypeChecker stops a check past its time limit, and the next check still works", async () => {
  const bounded = await BoundedTypeChecker.start({ timeoutMs: 1500 });
  try {
    const check = bounded.checkerFor("attack", generateTypes(SPEC));
    const [limit] = await check(PATHOLOGICAL);
    assert.match(limit.message, /the type check ran past 1500 ms and was stopped/);
    assert.deepEqual(await check(BAD).then((d) => d.map((x) => x.code)), [2322]);
  } finally {
    await bounded.close();
  }
});

Deno.test("BoundedTypeChecker stops a check past its heap cap", async () => {
  const bounded = await BoundedTypeChecker.start({ timeoutMs: 120_000, memoryMb: 256 });
  try {
    const check = bounded.checkerFor("attack", generateTypes(SPEC));
    const [limit] = await check(PATHOLOGICAL);
    assert.match(limit.message, /the type check ran out of memory \(capped at 256 MB\)/);
    assert.deepEqual(await check(GOOD), []);
  } finally {
    await bounded.close();
  }
});

Deno.test("BoundedTypeChecker fails a candidate the checker breaks on as a diagnostic, and the next check still works", async () => {
  const bounded = await BoundedTypeChecker.start();
  try {
    const check = bounded.checkerFor("attack", generateTypes(SPEC));
    // Nested deep enough that inferring its type overflows the checker's stack (red-team review).
    const deep = `export function attack(x: number): number {\n  if (x < 0) return ${
      "[".repeat(3000)
    }x${"]".repeat(3000)} as never;\n  return x;\n}\n`;
    const [broke] = await check(deep);
    assert.match(broke.message, /the type checker (failed|ended unexpectedly).* on this candidate/);
    assert.deepEqual(await check(BAD).then((d) => d.map((x) => x.code)), [2322]);
    assert.deepEqual(await check(GOOD), []);
  } finally {
    await bounded.close();
  }
});
