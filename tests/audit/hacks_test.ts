// Tests hackMutations(): each hack-shaped mutation type-checks against the spec's signature and
// changes the output the way its name says, loops are truncated one at a time, and programs it
// cannot wrap (an export list) still get their loop hacks without an error.
import assert from "node:assert/strict";
import { hackMutations, stringEnums } from "../../src/audit/mod.ts";
import { SandboxPool } from "../../src/sandbox/mod.ts";
import { compileSpec, loadSpec } from "../../src/spec/mod.ts";

const spec = await loadSpec(new URL("./fixtures/shares.yaml", import.meta.url).pathname);
const compiled = await compileSpec(spec);
const program = await Deno.readTextFile(spec.program);
const hacks = hackMutations(program, "split", { largeInput: 7 });

async function outputOf(source: string, args: unknown[]): Promise<unknown> {
  const sandbox = await SandboxPool.start({ timeoutMs: 2000, memoryMb: 256 });
  try {
    const run = await sandbox.run({ source, entry: "split", calls: [args], seed: 1 });
    assert.ok(run.ok, JSON.stringify(run));
    return run.calls[0].output;
  } finally {
    await sandbox.close();
  }
}

Deno.test("hackMutations() makes programs that type-check against the entry signature", () => {
  assert.ok(hacks.length >= 7, hacks.map((h) => h.id).join(", "));
  for (const hack of hacks) {
    assert.deepEqual(compiled.typecheck(hack.source), [], hack.id);
  }
});

Deno.test("hackMutations() output hacks change the output as named", async () => {
  const by = (id: string) => hacks.find((h) => h.id === id)!.source;
  assert.deepEqual(await outputOf(program, [7, 2]), [4, 3]);
  assert.deepEqual(await outputOf(by("hack:drop-element"), [7, 2]), [4]);
  assert.deepEqual(await outputOf(by("hack:duplicate-element"), [7, 2]), [4, 3, 4]);
  assert.deepEqual(await outputOf(by("hack:constant-output"), [7, 2]), [0, 0]);
  assert.deepEqual(await outputOf(by("hack:nan-output"), [7, 2]), [NaN, 3]);
  assert.deepEqual(await outputOf(by("hack:infinity-output"), [7, 2]), [Infinity, 3]);
  assert.equal(await outputOf(by("hack:return-input"), [7, 2]), 7);
  // skip-large answers wrongly only above 7 JSON characters: [7,2] is 5, [1000,2] is 8.
  assert.deepEqual(await outputOf(by("hack:skip-large"), [7, 2]), [4, 3]);
  assert.deepEqual(await outputOf(by("hack:skip-large"), [1000, 2]), [0, 0]);
});

Deno.test("hackMutations() truncates each loop after its first iteration, one loop per mutant", () => {
  const source = [
    "export function sumAll(xs: number[][]): number {",
    "  let s = 0;",
    "  for (const row of xs) {",
    "    for (const x of row) s += x;",
    "  }",
    "  return s;",
    "}",
  ].join("\n");
  const loops = hackMutations(source, "sumAll", { largeInput: 100 }).filter((h) =>
    h.id.includes("truncate")
  );
  assert.deepEqual(loops.map((h) => h.id), ["hack:truncate-loop@L3", "hack:truncate-loop@L4"]);
  const run = (src: string) => new Function(src.replace("export function", "return function"))();
  // A mini evaluation outside the sandbox: the TypeScript here is also valid JavaScript.
  const sumOuter = run(loops[0].source.replace(/: number\[\]\[\]|: number/g, ""));
  const sumInner = run(loops[1].source.replace(/: number\[\]\[\]|: number/g, ""));
  assert.equal(sumOuter([[1, 2], [3, 4]]), 3);
  assert.equal(sumInner([[1, 2], [3, 4]]), 4);
});

Deno.test("hackMutations() skips the output hacks of an entry exported through an export list", () => {
  const source = "function f(xs: number[]): number[] {\n  while (xs.length) xs.pop();\n" +
    "  return xs;\n}\nexport { f as split };\n";
  const ids = hackMutations(source, "split", { largeInput: 10 }).map((h) => h.id);
  assert.deepEqual(ids, ["hack:truncate-loop@L2"]);
});

Deno.test("hackMutations() answers every enum choice with its first value in constant-choice", async () => {
  const source = 'export function pick(spot: boolean): { choice: "spot" | "idle"; n: number } {\n' +
    '  return { choice: spot ? "spot" : "idle", n: 1 };\n}\n';
  const choices = stringEnums({
    type: "object",
    properties: { choice: { enum: ["idle", "spot"] }, n: { type: "number" } },
  });
  assert.deepEqual(choices, [["idle", "spot"]]);
  const hack = hackMutations(source, "pick", { largeInput: 10, choices })
    .find((h) => h.id === "hack:constant-choice")!;
  const sandbox = await SandboxPool.start({ timeoutMs: 2000, memoryMb: 256 });
  try {
    const run = await sandbox.run({ source: hack.source, entry: "pick", calls: [[true]], seed: 1 });
    assert.ok(run.ok, JSON.stringify(run));
    assert.deepEqual(run.calls[0].output, { choice: "idle", n: 1 });
  } finally {
    await sandbox.close();
  }
});

Deno.test("hackMutations() makes no constant-choice hack for an output without string enums", () => {
  assert.ok(!hacks.some((h) => h.id === "hack:constant-choice"));
});
