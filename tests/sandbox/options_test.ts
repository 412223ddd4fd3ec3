// Tests the sandbox pool's option defaults and validation.
import assert from "node:assert/strict";
import { SandboxError } from "../../src/errors/mod.ts";
import { resolveSandboxPoolOptions } from "../../src/sandbox/mod.ts";

Deno.test("resolveSandboxPoolOptions() fills in the documented defaults", () => {
  assert.deepEqual(resolveSandboxPoolOptions(), {
    size: 2,
    timeoutMs: 2000,
    memoryMb: 512,
    maxOutputBytes: 32 * 1024 * 1024,
    maxOutputElements: 4_000_000,
    maxLogBytes: 64 * 1024,
    handleSignals: true,
    startTimeoutMs: 15_000,
    loadTimeoutMs: 10_000,
  });
  assert.equal(resolveSandboxPoolOptions({ size: 4 }).size, 4);
});

Deno.test("resolveSandboxPoolOptions() rejects values it cannot honour, naming the option", () => {
  const bad = [{ size: 0 }, { size: 1.5 }, { timeoutMs: 0 }, { timeoutMs: Infinity }, {
    memoryMb: 8,
  }, {
    maxOutputBytes: -1,
  }, { maxOutputElements: 0 }];
  for (const options of bad) {
    const name = Object.keys(options)[0];
    assert.throws(
      () => resolveSandboxPoolOptions(options),
      (e) => e instanceof SandboxError && e.message.startsWith(`sandbox: ${name} must be`),
    );
  }
});
