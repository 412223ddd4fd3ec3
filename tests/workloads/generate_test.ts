// Tests declarative workload generation: families with counts, seeds and bounds, files in the
// chosen format, byte-identical per seed, stale files replaced, bad bounds refused.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isSpecError } from "../../src/errors/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";
import type { GenerateBlock } from "../../src/spec/types.ts";
import { generateDeclared, loadSpecWorkloads } from "../../src/workloads/mod.ts";
import { runMain } from "../_helpers/cli.ts";
import { tempSpecDir } from "../spec/_helpers.ts";

const spec = (generate: string) =>
  `name: gen
entry: f
program: program.ts
params:
  type: object
  required: [n]
  properties: { n: { type: integer, minimum: 0, maximum: 20 } }
input:
  type: object
  required: [xs, k]
  additionalProperties: false
  properties:
    xs: { type: array, items: { type: integer, minimum: 0, maximum: 9 } }
    k: { type: integer, minimum: 0, maximum: 100 }
derive:
  xs: { shape: [params.n] }
output: { type: integer }
workloads:
  train: train
  holdout: holdout
  generate:
${generate}
`;

const FAMILIES = `    format: csv
    train:
      small: { count: 5, bounds: { n: { maximum: 2 } } }
      fixed: { count: 3, seed: 9, bounds: { k: 7 } }
    holdout:
      large: { count: 4, bounds: { n: { minimum: 15 } } }`;

async function specAt(generate: string) {
  const dir = await tempSpecDir({
    "spec.yaml": spec(generate),
    "program.ts": "export function f(i: unknown): number { return 0; }\n",
  });
  return await loadSpec(join(dir, "spec.yaml"));
}

const block = (s: Awaited<ReturnType<typeof specAt>>) => s.workloads!.generate as GenerateBlock;

Deno.test("generateDeclared() writes one file per family with its count and bounds", async () => {
  const s = await specAt(FAMILIES);
  const paths = await generateDeclared(s, block(s), 1);
  assert.deepEqual(paths.map((p) => p.slice(s.dir.length + 1)), [
    "train/train-small.csv",
    "train/train-fixed.csv",
    "holdout/holdout-large.csv",
  ]);
  const [small, fixed] = await loadSpecWorkloads(s, "train").then((w) =>
    w.sort((a, b) => b.name.localeCompare(a.name))
  );
  assert.equal(small.cases.length, 5);
  assert.ok(small.cases.every((c) => (c.input.xs as number[]).length <= 2));
  assert.ok(fixed.cases.every((c) => c.input.k === 7));
  const [large] = await loadSpecWorkloads(s, "holdout");
  assert.ok(large.cases.every((c) => (c.input.xs as number[]).length >= 15));
});

Deno.test("generateDeclared() writes byte-identical files per seed and replaces stale ones", async () => {
  const s = await specAt(FAMILIES);
  const stale = join(s.dir, "train", "train-old.csv");
  await Deno.mkdir(join(s.dir, "train"), { recursive: true });
  await Deno.writeTextFile(stale, "xs,k\n");
  await generateDeclared(s, block(s), 3);
  const first = await Deno.readTextFile(join(s.dir, "train", "train-small.csv"));
  await generateDeclared(s, block(s), 3);
  assert.equal(await Deno.readTextFile(join(s.dir, "train", "train-small.csv")), first);
  await generateDeclared(s, block(s), 4);
  assert.notEqual(await Deno.readTextFile(join(s.dir, "train", "train-small.csv")), first);
  await assert.rejects(Deno.stat(stale), Deno.errors.NotFound);
});

Deno.test("generateDeclared() refuses a bound on an unknown field and cases outside the schema", async () => {
  const unknown = await specAt(`    train: { a: { count: 2, bounds: { m: 3 } } }
    holdout: { b: { count: 2 } }`);
  await assert.rejects(generateDeclared(unknown, block(unknown), 1), (e: unknown) => {
    assert.ok(isSpecError(e));
    assert.equal(e.issues[0].pointer, "/workloads/generate/train/a/bounds/m");
    assert.match(e.issues[0].message, /neither a property of `params` nor of `input`/);
    return true;
  });
  const outside = await specAt(
    `    train: { a: { count: 2, bounds: { k: { minimum: 200, maximum: 300 } } } }
    holdout: { b: { count: 2 } }`,
  );
  await assert.rejects(generateDeclared(outside, block(outside), 1), (e: unknown) => {
    assert.ok(isSpecError(e));
    assert.match(
      e.issues[0].message,
      /family a: generated case 0 does not match `input`: \/k must be <= 100/,
    );
    return true;
  });
});

Deno.test("workloads turns a throwing trusted generator into a spec error naming it", async () => {
  const dir = await tempSpecDir({
    "spec.yaml": spec("    train: { a: { count: 1 } }\n    holdout: { b: { count: 1 } }")
      .replace(/  generate:\n[\s\S]*$/, "  generate: gen.ts#generate\n"),
    "program.ts": "export function f(i: unknown): number { return 0; }\n",
    "gen.ts": 'export function generate() { throw new Error("trace source offline"); }\n',
  });
  const r = await runMain(["workloads", join(dir, "spec.yaml")]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /\/workloads\/generate: workloads\.generate \S*gen\.ts#generate threw: trace source offline; fix the generator/,
  );
});
