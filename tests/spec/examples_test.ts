// The example specs end to end: correct programs pass every rule, the subtly wrong ones are caught
// with a minimal shrunk counterexample (programs are imported directly, no sandbox).
import assert from "node:assert/strict";
import fc from "fast-check";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { type CompiledSpec, compileSpec, loadSpec } from "../../src/spec/mod.ts";

const examples = join(import.meta.dirname!, "..", "..", "specs", "examples");

async function compiled(name: string): Promise<CompiledSpec> {
  return await compileSpec(await loadSpec(join(examples, `${name}.yaml`)));
}

/** Runs the property gate on `program` (valid output, every rule, equivalence if any). */
async function gate(c: CompiledSpec, program: string) {
  const mod = await import(join(examples, program));
  const entry = mod[c.spec.entry] as (...args: unknown[]) => unknown;
  const reference = c.spec.reference
    ? (await import(c.spec.reference))[c.spec.entry] as (...args: unknown[]) => unknown
    : undefined;
  return fc.check(
    fc.property(c.inputArbitrary, (input) => {
      const output = entry(...c.toArgs(structuredClone(input)));
      if (c.validateOutput(output).length > 0) return false;
      if (!c.rules.every((r) => r.check(input, output))) return false;
      return !c.equivalent || c.equivalent(output, reference!(...c.toArgs(structuredClone(input))));
    }),
    c.propertyParameters,
  );
}

Deno.test("topk example: the correct program passes and type-checks", async () => {
  const c = await compiled("topk");
  const result = await gate(c, "topk/program.ts");
  assert.equal(result.failed, false);
  assert.equal(result.numRuns, 200);
  assert.deepEqual(c.typecheck(await readFile(join(examples, "topk/program.ts"), "utf8")), []);
});

Deno.test("topk example: the string-sorting program fails on two numbers", async () => {
  const c = await compiled("topk");
  const result = await gate(c, "topk/wrong_lexicographic.ts");
  assert.equal(result.failed, true);
  const [input] = result.counterexample as [{ xs: number[]; k: number }];
  // No one-element list can expose a sort order, so two elements is minimal.
  assert.equal(input.xs.length, 2);
  const wrong = (await import(join(examples, "topk/wrong_lexicographic.ts"))).topK;
  const output = wrong(...c.toArgs(structuredClone(input)));
  assert.ok(c.rules.some((r) => !r.check(input, output)));
});

Deno.test("intervals example: the correct program passes and type-checks", async () => {
  const c = await compiled("intervals");
  assert.equal((await gate(c, "intervals/program.ts")).failed, false);
  assert.deepEqual(c.typecheck(await readFile(join(examples, "intervals/program.ts"), "utf8")), []);
});

Deno.test("intervals example: rejecting touching intervals fails on two touching intervals", async () => {
  const c = await compiled("intervals");
  const result = await gate(c, "intervals/wrong_touching.ts");
  assert.equal(result.failed, true);
  const [input] = result.counterexample as [{ intervals: { start: number; end: number }[] }];
  assert.equal(input.intervals.length, 2);
  const [a, b] = input.intervals;
  assert.ok(a.end === b.start || b.end === a.start, JSON.stringify(input));
  const failing = (await import(join(examples, "intervals/wrong_touching.ts"))).schedule;
  const output = failing(...c.toArgs(structuredClone(input)));
  const broken = c.rules.filter((r) => !r.check(input, output)).map((r) => r.id);
  assert.deepEqual(broken, ["maximum"]);
});
