// Tests of JSON Schema -> TypeScript type text.
import assert from "node:assert/strict";
import { Project, ts } from "ts-morph";
import { generateTypes, schemaToType } from "../../src/spec/mod.ts";

Deno.test("schemaToType() maps scalar types, enums, consts and unions", () => {
  assert.equal(schemaToType({ type: "integer" }), "number");
  assert.equal(schemaToType({ type: ["string", "null"] }), "string | null");
  assert.equal(schemaToType({ enum: ["a", 2, null] }), '"a" | 2 | null');
  assert.equal(schemaToType({ const: { k: [1, "x"] } }), '{ k: [1, "x"] }');
  assert.equal(
    schemaToType({ oneOf: [{ type: "number" }, { type: "array", items: { type: "string" } }] }),
    "number | string[]",
  );
  assert.equal(schemaToType(true), "unknown");
  assert.equal(schemaToType({ description: "only words" }), "unknown");
  assert.equal(schemaToType(false), "never");
});

Deno.test("schemaToType() makes arrays mutable, wraps unions, and writes tuples", () => {
  const matrix = { type: "array", items: { type: "array", items: { type: "number" } } };
  assert.equal(schemaToType(matrix), "number[][]");
  assert.equal(
    schemaToType({ type: "array", items: { type: ["number", "string"] } }),
    "(number | string)[]",
  );
  const pair = { type: "array", prefixItems: [{ type: "number" }, { type: "string" }] };
  assert.equal(schemaToType({ ...pair, items: false, minItems: 1 }), "[number, string?]");
  assert.equal(
    schemaToType({ ...pair, items: { type: "boolean" } }),
    "[number, string, ...boolean[]]",
  );
});

Deno.test("schemaToType() writes objects with optional keys, docs, quoted names and records", () => {
  const text = schemaToType({
    type: "object",
    properties: {
      a: { type: "number", description: "the a" },
      "b-c": { type: "string" },
    },
    required: ["a"],
  });
  assert.equal(text, '{\n  /** the a */\n  a: number;\n  "b-c"?: string;\n}');
  assert.equal(
    schemaToType({ type: "object", additionalProperties: { type: "number" } }),
    "Record<string, number>",
  );
});

Deno.test("generateTypes() writes an entry signature with positional args", () => {
  const t = generateTypes({
    entry: "rebalance",
    args: ["weight", "numReplicas", "mode"],
    input: {
      type: "object",
      properties: {
        weight: { type: "array", items: { type: "array", items: { type: "number" } } },
        numReplicas: { type: "integer" },
        mode: { enum: ["fast", "good"] },
      },
      required: ["weight", "numReplicas"],
    },
    output: { type: "array", items: { type: "integer" } },
  });
  assert.equal(
    t.signature,
    '(weight: number[][], numReplicas: number, mode: "fast" | "good" | undefined) => Output',
  );
  assert.equal(t.output, "number[]");
  assert.equal(t.params, undefined);
  assert.equal(t.named.get("Params"), "type Params = Record<never, never>;");
});

Deno.test("generateTypes() names $defs per schema without collisions and compiles cleanly", () => {
  const t = generateTypes({
    entry: "solve",
    args: null,
    input: {
      type: "object",
      properties: {
        iv: { $ref: "#/$defs/interval" },
        all: { type: "array", items: { $ref: "#/$defs/interval" } },
      },
      required: ["iv"],
      $defs: {
        interval: { type: "object", properties: { s: { type: "integer" } }, required: ["s"] },
      },
    },
    output: { $ref: "#/$defs/interval", $defs: { interval: { type: "string" } } },
    params: { type: "object", properties: { n: { type: "integer" } } },
  });
  assert.equal(t.signature, "(input: Input) => Output");
  assert.equal(t.named.get("InputInterval"), "type InputInterval = {\n  s: number;\n};");
  assert.equal(t.named.get("OutputInterval"), "type OutputInterval = string;");
  assert.equal(t.output, "OutputInterval");
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true } });
  const file = project.createSourceFile(
    "/t.ts",
    `${t.declarations}
const a: Input = { iv: { s: 1 }, all: [{ s: 2 }] };
a.all!.push({ s: 3 }); // arrays are mutable
const o: Output = "x";
const p: Params = { n: 1 };
const e: Entry = (input) => input.iv.s > 0 ? "y" : "z";
export { a, e, o, p };
`,
  );
  const diagnostics = file.getPreEmitDiagnostics().map((d) =>
    ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")
  );
  assert.deepEqual(diagnostics, []);
});
