// Tests `check` on bad workload data, as a CI user meets it: an empty set, a truncated file, a
// case outside the schema, a throwing cases function all exit 2 naming the file, before any
// program is checked, and never pass or blame a candidate.
import assert from "node:assert/strict";
import { join } from "node:path";
import { runMain } from "../_helpers/cli.ts";
import { tempSpecDir } from "../spec/_helpers.ts";

const SPEC = `name: w
entry: f
args: [xs]
program: program.ts
input:
  type: object
  required: [xs]
  properties: { xs: { type: array, items: { type: integer, minimum: 0, maximum: 9 } } }
output: { type: integer }
workloads: { train: train, holdout: holdout }
metrics:
  size: { expr: input.xs.length, aggregate: mean }
`;

async function checkWith(train: Record<string, string>, spec = SPEC) {
  const dir = await tempSpecDir({
    "spec.yaml": spec,
    "program.ts": "export function f(xs: number[]): number { return xs.length; }\n",
    "codec.ts": 'export function cases() { throw new Error("unknown trace version 7"); }\n',
  });
  for (const split of ["train", "holdout"]) await Deno.mkdir(join(dir, split));
  await Deno.writeTextFile(join(dir, "holdout", "h.jsonl"), '{"input":{"xs":[1]}}\n');
  for (const [name, text] of Object.entries(train)) {
    await Deno.writeTextFile(join(dir, "train", name), text);
  }
  const r = await runMain(["check", join(dir, "spec.yaml"), "--runs", "5"]);
  await Deno.remove(dir, { recursive: true });
  return r;
}

Deno.test("check exits 2 on an empty, truncated, out-of-schema or uncodable workload set, before any program runs", async () => {
  const cases: [string, Record<string, string>, RegExp, string?][] = [
    ["empty", {}, /train workload directory .* is empty/],
    [
      "truncated",
      { "t.json": '[{"input": {"xs": [1,' },
      /t\.json:1:\d+: \/: workload file is not valid JSON/,
    ],
    [
      "schema",
      { "t.jsonl": '{"input":{"xs":[1]}}\n{"input":{"xs":[12]}}\n' },
      /t\.jsonl:2:1: \/input\/xs\/0: case 1 does not match `input`: \/xs\/0 must be <= 9/,
    ],
    [
      "codec",
      { "t.bin": "x" },
      /t\.bin: \/: workloads\.cases \S*codec\.ts#cases threw on this file: unknown trace version 7/,
      SPEC.replace("workloads: { train", "workloads: { cases: codec.ts#cases, train"),
    ],
  ];
  for (const [what, files, pattern, spec] of cases) {
    const r = await checkWith(files, spec);
    assert.equal(r.code, 2, `${what}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, pattern, what);
    assert.ok(
      !/checking initial|PASSED|internal error/.test(r.stdout + r.stderr),
      `${what}: ${r.stderr}`,
    );
  }
});
