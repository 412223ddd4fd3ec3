// Tests the workload loader: every case held to the spec (schema, assume, derive) with the file,
// case and pointer named; empty and missing sets, malformed files, throwing cases functions.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isSpecError, type SpecIssue } from "../../src/errors/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";
import { loadSpecWorkloads } from "../../src/workloads/mod.ts";
import { gzip } from "../_helpers/workload_generators.ts";
import { tempSpecDir } from "../spec/_helpers.ts";

/** A small spec: jobs with durations, a worker count that must not exceed the job count. */
const SPEC = `name: jobs
entry: plan
program: program.ts
input:
  type: object
  required: [durations, workers, total]
  additionalProperties: false
  properties:
    durations: { type: array, maxItems: 10, items: { type: integer, minimum: 1, maximum: 100 } }
    workers: { type: integer, minimum: 1, maximum: 8 }
    total: { type: integer, minimum: 0 }
derive:
  total: sum(input.durations)
assume:
  - input.workers <= input.durations.length
output: { type: integer }
workloads: { train: train, holdout: holdout }
metrics:
  size: { expr: input.durations.length, aggregate: mean }
`;

const good = (durations: number[], workers = 1) => ({
  input: { durations, workers, total: durations.reduce((a, b) => a + b, 0) },
});

/** Writes the spec with `train` files (name -> text or bytes) and one good holdout file. */
async function specWith(
  train: Record<string, string | Uint8Array>,
  extra = "",
): Promise<string> {
  const dir = await tempSpecDir({
    "spec.yaml": SPEC + extra,
    "program.ts": "export function plan(i: { durations: number[] }): number { return 0; }\n",
  });
  for (const split of ["train", "holdout"]) await Deno.mkdir(join(dir, split));
  await Deno.writeTextFile(join(dir, "holdout", "h.json"), JSON.stringify([good([1])]));
  for (const [name, content] of Object.entries(train)) {
    const path = join(dir, "train", name);
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
  return join(dir, "spec.yaml");
}

async function trainIssues(path: string): Promise<readonly SpecIssue[]> {
  try {
    await loadSpecWorkloads(await loadSpec(path), "train");
  } catch (e) {
    if (isSpecError(e)) return e.issues;
    throw e;
  }
  assert.fail("expected a SpecError");
}

Deno.test("loadSpecWorkloads() reads JSON, gzipped JSON, JSON Lines and CSV files alike", async () => {
  const path = await specWith({
    "a.json": JSON.stringify([good([1, 2])]),
    "b.json.gz": await gzip(JSON.stringify({ note: "n", cases: [good([3])] })),
    "c.jsonl": JSON.stringify(good([4])) + "\n\n" + JSON.stringify(good([5, 6], 2)) + "\n",
    "d.csv": 'durations,workers,total,context.tag\n"[7,8]",2,15,x\n',
    "README.md": "not a workload",
  });
  const train = await loadSpecWorkloads(await loadSpec(path), "train");
  assert.deepEqual(train.map((w) => w.name), ["a.json", "b.json.gz", "c.jsonl", "d.csv"]);
  assert.deepEqual(train.map((w) => w.cases.length), [1, 1, 2, 1]);
  assert.deepEqual(train[3].cases[0], {
    input: { durations: [7, 8], workers: 2, total: 15 },
    context: { tag: "x" },
  });
});

Deno.test("loadSpecWorkloads() rejects an out-of-schema case naming the file, case, line and pointer", async () => {
  const text = JSON.stringify([good([1]), good([1, 500])], null, 2);
  const issues = await trainIssues(await specWith({ "bad.json": text }));
  assert.equal(issues.length, 1);
  assert.match(issues[0].file, /train\/bad\.json$/);
  assert.equal(issues[0].pointer, "/1/input/durations/1");
  assert.match(issues[0].message, /^case 1 does not match `input`: \/durations\/1 must be <= 100/);
  // The line of the offending value in the pretty-printed file.
  const line = text.split("\n").findIndex((l) => l.includes("500")) + 1;
  assert.equal(issues[0].line, line);
});

Deno.test("loadSpecWorkloads() rejects a case that breaks an assume, never blaming a candidate", async () => {
  const lines = [good([1]), good([1], 3)].map((c) => JSON.stringify(c)).join("\n");
  const issues = await trainIssues(await specWith({ "t.jsonl": lines }));
  assert.equal(issues.length, 1);
  assert.equal(issues[0].line, 2);
  assert.match(issues[0].message, /case 1 breaks assume\[0\] `input\.workers <= input\.durations/);
});

Deno.test("loadSpecWorkloads() rejects a case inconsistent with a derive that reads only the input", async () => {
  const wrong = { input: { durations: [1, 2], workers: 1, total: 4 } };
  const issues = await trainIssues(await specWith({ "t.json": JSON.stringify([wrong]) }));
  assert.equal(issues[0].pointer, "/0/input/total");
  assert.match(issues[0].message, /does not match derive `total: sum\(input\.durations\)`.*4 vs 3/);
});

Deno.test("loadSpecWorkloads() rejects an empty or missing workload directory", async () => {
  const empty = await trainIssues(await specWith({ "notes.txt": "x" }));
  assert.equal(empty[0].pointer, "/workloads/train");
  assert.match(empty[0].message, /is empty \(it holds notes\.txt, none a workload file\)/);
  // With a generator the directories may be missing when the spec loads, but not when it runs.
  const path = await specWith({});
  await Deno.remove(join(path, "..", "train"));
  await Deno.writeTextFile(join(path, "..", "gen.ts"), "export function generate() {}\n");
  const generated = "workloads: { generate: gen.ts#generate, train: train";
  await Deno.writeTextFile(path, SPEC.replace("workloads: { train: train", generated));
  const missing = await trainIssues(path);
  assert.equal(missing[0].pointer, "/workloads/train");
  assert.match(missing[0].message, /train workload directory .* does not exist; write it with/);
});

Deno.test("loadSpecWorkloads() locates malformed JSON, JSON Lines and CSV files", async () => {
  const truncated = await trainIssues(await specWith({ "t.json": '[\n  {"input": {"dura' }));
  assert.match(truncated[0].file, /t\.json$/);
  assert.match(truncated[0].message, /workload file is not valid JSON/);
  assert.equal(truncated[0].line, 2);
  const jsonl = await trainIssues(
    await specWith({ "t.jsonl": `${JSON.stringify(good([1]))}\n{x` }),
  );
  assert.deepEqual([jsonl[0].line, jsonl[0].column], [2, 2]);
  const csv = await trainIssues(await specWith({ "t.csv": 'durations,workers\n"[1],1\n' }));
  assert.match(csv[0].message, /not valid CSV \(Quote Not Closed/);
  assert.equal(csv[0].line, 2);
  const column = await trainIssues(await specWith({ "t.csv": "durations,wrkers\n[1],1\n" }));
  assert.match(column[0].message, /column `wrkers` names no property of `input`/);
  const number = await trainIssues(
    await specWith({ "t.csv": "durations,workers,total\n[1],one,1\n" }),
  );
  assert.match(number[0].message, /column `workers`: `one` is not a number/);
  assert.equal(number[0].line, 2);
  const gz = await trainIssues(await specWith({ "t.json.gz": new Uint8Array([0x1f, 0x8b, 1, 2]) }));
  assert.match(gz[0].message, /not a valid gzip file/);
});

Deno.test("loadSpecWorkloads() rejects a file with no cases and a case that is not { input }", async () => {
  const none = await trainIssues(await specWith({ "t.json": "[]" }));
  assert.match(none[0].message, /holds no cases/);
  const shape = await trainIssues(await specWith({ "t.json": JSON.stringify([{ inputs: {} }]) }));
  assert.match(
    shape[0].message,
    /case 0 must be an object \{ input, context\? \} \(unknown key `inputs`\)/,
  );
});

Deno.test("loadSpecWorkloads() turns a throwing or wrong cases function into a SpecError naming it", async () => {
  const path = await specWith({ "t.bin": "raw" });
  const dir = join(path, "..");
  await Deno.writeTextFile(
    join(dir, "codec.ts"),
    `export function throws() { throw new Error("bad magic number"); }
export function wrong() { return "nope"; }
export function invalid() { return [{ input: { durations: [0], workers: 1, total: 0 } }]; }\n`,
  );
  const withCases = async (name: string) => {
    const cases = `workloads: { cases: codec.ts#${name}, train: train`;
    await Deno.writeTextFile(path, SPEC.replace("workloads: { train: train", cases));
    return await trainIssues(path);
  };
  const thrown = await withCases("throws");
  assert.match(thrown[0].file, /t\.bin$/);
  assert.match(
    thrown[0].message,
    /workloads\.cases \S*codec\.ts#throws threw on this file: bad magic/,
  );
  const wrong = await withCases("wrong");
  assert.match(wrong[0].message, /returned string for t\.bin, not a list of cases/);
  const invalid = await withCases("invalid");
  assert.equal(invalid[0].pointer, "/0/input/durations/0");
  assert.match(
    invalid[0].message,
    /case 0 \(from workloads\.cases \S*codec\.ts#invalid\) does not/,
  );
});

Deno.test("loadSpec() holds examples to assume and derive, not only to the schema", async () => {
  const example = `properties:\n  examples:\n    - { durations: [1], workers: 2, total: 1 }\n`;
  const path = await specWith({ "a.json": JSON.stringify([good([1])]) }, example);
  try {
    await loadSpec(path);
    assert.fail("expected a SpecError");
  } catch (e) {
    assert.ok(isSpecError(e));
    assert.equal(e.issues[0].pointer, "/properties/examples/0");
    assert.match(e.issues[0].message, /example 0 breaks assume\[0\]/);
  }
});
