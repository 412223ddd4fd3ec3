// Tests the one table from error kinds to exit codes, and that the CLI applies it to what it catches.
import assert from "node:assert/strict";
import {
  BudgetExceeded,
  errorKind,
  EvolveError,
  EXIT_CODES,
  exitCodeOf,
  GenerationError,
  RuleError,
  SandboxError,
  SpecError,
  UsageError,
} from "../../src/errors/mod.ts";

Deno.test("exitCodeOf() gives the exit codes README documents, one per kind", () => {
  assert.deepEqual(EXIT_CODES, {
    ok: 0,
    budget: 0,
    candidate: 1,
    spec: 2,
    internal: 3,
    usage: 64,
    interrupted: 130,
  });
  assert.equal(exitCodeOf("usage"), 64);
});

Deno.test("errorKind() reads each error class's kind and calls anything else internal", () => {
  assert.equal(
    errorKind(new SpecError([{ file: "s.yaml", pointer: "/x", message: "bad" }])),
    "spec",
  );
  assert.equal(errorKind(new UsageError("no")), "usage");
  assert.equal(errorKind(new SandboxError("broken")), "internal");
  assert.equal(errorKind(new EvolveError("spec changed", { kind: "usage" })), "usage");
  assert.equal(errorKind(new EvolveError("initial failed", { kind: "candidate" })), "candidate");
  assert.equal(errorKind(new EvolveError("bug")), "internal");
  assert.equal(errorKind(new BudgetExceeded("usd", 1, 1, 0.1)), "budget");
  assert.equal(errorKind(new GenerationError("/assume", "no input passes")), "spec");
  const at = { file: "s.yaml", line: 3, column: 9 };
  assert.equal(errorKind(new RuleError("invariant `x`", at, "threw")), "spec");
  assert.equal(errorKind(new TypeError("plain")), "internal");
  assert.equal(errorKind("a string"), "internal");
});
