// Tests of JSON Schema -> fast-check arbitraries and the spec's input generator.
import assert from "node:assert/strict";
import fc from "fast-check";
import { createAjv } from "../../src/spec/_ajv.ts";
import { GenerationError } from "../../src/errors/mod.ts";
import {
  inputArbitrary,
  type JsonSchema,
  schemaArbitrary,
  schemaIssues,
} from "../../src/spec/mod.ts";
import { loadText } from "./_helpers.ts";

const ajv = createAjv();

/** Asserts that `n` sampled values of `schema` all validate with ajv; returns them. */
function assertGeneratesValid(schema: JsonSchema, n = 100, maxArrayLength = 6): unknown[] {
  const validate = ajv.compile(schema);
  const values = fc.sample(schemaArbitrary(schema, { maxArrayLength }), { numRuns: n, seed: 3 });
  for (const v of values) {
    assert.ok(
      validate(v),
      `${JSON.stringify(v)} fails ${JSON.stringify(schema)}: ${JSON.stringify(validate.errors)}`,
    );
  }
  return values;
}

// Every keyword of the subset, alone and in the combinations that need care.
const COMBINATIONS: JsonSchema[] = [
  { type: "integer", minimum: -3, maximum: 3 },
  { type: "integer", exclusiveMinimum: 2.5, exclusiveMaximum: 9, multipleOf: 3 },
  { type: "integer", minimum: 1e10 },
  { type: "integer", multipleOf: 0.5, maximum: -1e9 },
  { type: "number", minimum: 0, exclusiveMaximum: 1 },
  { type: "number", multipleOf: 0.1, minimum: -2, maximum: 2 },
  { type: "number", exclusiveMinimum: 0, maximum: 1e-300 },
  { type: "string", minLength: 2, maxLength: 4 },
  { type: "string", pattern: "^[a-f0-9]{2,6}$" },
  { type: "string", pattern: "ab+", minLength: 5, maxLength: 9 },
  { type: ["integer", "null", "boolean"] },
  { enum: [1, "two", [3], { four: 4 }, null] },
  { enum: [1, 2, 3, 40], type: "integer", maximum: 3 },
  { const: { a: [1, 2] } },
  { type: "array", items: { type: "integer" }, minItems: 3, maxItems: 3 },
  {
    type: "array",
    items: { type: "integer", minimum: 0, maximum: 4 },
    uniqueItems: true,
    minItems: 4,
  },
  {
    type: "array",
    items: { type: "object", properties: { a: { type: "boolean" } } },
    uniqueItems: true,
  },
  { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
  { type: "array", prefixItems: [{ type: "string" }], items: { type: "null" }, minItems: 3 },
  {
    type: "array",
    prefixItems: [{ const: 1 }, { const: 2 }, { const: 3 }],
    items: false,
    maxItems: 2,
  },
  {
    type: "object",
    properties: { a: { type: "integer" }, b: { type: "string" } },
    required: ["a", "c"],
    additionalProperties: { type: "boolean" },
  },
  { type: "object", additionalProperties: { type: "integer" }, required: ["k"] },
  { type: "object", properties: { x: { type: "number" } }, additionalProperties: false },
  { oneOf: [{ type: "integer", minimum: 0 }, { type: "integer", maximum: 5 }] },
  {
    anyOf: [{ type: "string", maxLength: 1 }, {
      type: "array",
      maxItems: 1,
      items: { type: "integer" },
    }],
  },
  {
    type: "object",
    properties: {
      list: { type: "array", items: { $ref: "#/$defs/item" } },
      one: { $ref: "#/$defs/item" },
    },
    $defs: {
      item: { type: "object", properties: { id: { $ref: "#/$defs/id" } }, required: ["id"] },
      id: { type: "integer", minimum: 1 },
    },
  },
  true,
  {},
  { minimum: 3 },
  { items: { type: "integer" } },
];

Deno.test("schemaArbitrary() generates only valid values for every supported keyword combination", () => {
  for (const schema of COMBINATIONS) {
    assert.deepEqual(schemaIssues(schema), [], JSON.stringify(schema));
    assertGeneratesValid(schema);
  }
});

// Random schemas over the whole subset; most are generatable, the rest must say why up front.
const leaf: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    type: fc.constant("integer"),
    minimum: fc.integer({ min: -20, max: 20 }),
    exclusiveMaximum: fc.integer({ min: -20, max: 40 }),
    multipleOf: fc.constantFrom(1, 2, 3, 0.5),
  }, { requiredKeys: ["type"] }),
  fc.record({
    type: fc.constant("number"),
    exclusiveMinimum: fc.double({ min: -10, max: 10, noNaN: true }),
    maximum: fc.double({ min: -10, max: 100, noNaN: true }),
    multipleOf: fc.constantFrom(0.25, 0.1, 7),
  }, { requiredKeys: ["type"] }),
  fc.record({
    type: fc.constant("string"),
    minLength: fc.integer({ min: 0, max: 4 }),
    maxLength: fc.integer({ min: 0, max: 8 }),
    pattern: fc.constantFrom("^[a-z]*$", "^\\d{3}$", "b", "^(x|yz)+$"),
  }, { requiredKeys: ["type"] }),
  fc.constant({ type: "boolean" }),
  fc.constant({ type: "null" }),
  fc.record({ enum: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ const: fc.jsonValue({ maxDepth: 1 }) }),
);
const { node: randomSchema } = fc.letrec<{ node: Record<string, unknown> }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({
      type: fc.constant("array"),
      items: tie("node"),
      prefixItems: fc.array(tie("node"), { minLength: 1, maxLength: 2 }),
      minItems: fc.integer({ min: 0, max: 3 }),
      maxItems: fc.integer({ min: 0, max: 5 }),
      uniqueItems: fc.boolean(),
    }, { requiredKeys: ["type"] }),
    fc.record({
      type: fc.constant("object"),
      properties: fc.dictionary(fc.constantFrom("a", "b", "c", "d"), tie("node"), { maxKeys: 3 }),
      additionalProperties: fc.oneof(fc.boolean(), tie("node")),
      required: fc.subarray(["a", "b", "e"]),
    }, { requiredKeys: ["type", "properties"] }),
    fc.record({ anyOf: fc.array(tie("node"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(tie("node"), { minLength: 1, maxLength: 2 }) }),
    fc.record({
      type: fc.subarray(["integer", "string", "null", "array", "object"], { minLength: 1 }),
    }),
  ),
}));

Deno.test("schemaArbitrary() output validates with ajv on random schemas of the subset", () => {
  let generated = 0;
  let refused = 0;
  fc.assert(
    fc.property(randomSchema, (schema) => {
      if (schemaIssues(schema, { maxArrayLength: 4 }).length > 0) {
        refused++;
        return;
      }
      try {
        assertGeneratesValid(schema, 15, 4);
        generated++;
      } catch (e) {
        // Filters that never pass (overlapping oneOf, too few distinct items) must say so.
        if (!(e instanceof GenerationError)) throw e;
        refused++;
      }
    }),
    { numRuns: 250, seed: 20 },
  );
  assert.ok(generated > refused, `only ${generated} of ${generated + refused} schemas generated`);
});

Deno.test("schemaArbitrary() caps arrays without maxItems at maxArrayLength, and only those", () => {
  const lengths = (schema: JsonSchema, cap: number) =>
    fc.sample(schemaArbitrary(schema, { maxArrayLength: cap }), { numRuns: 300, seed: 1 })
      .map((v) => (v as unknown[]).length);
  assert.ok(Math.max(...lengths({ type: "array" }, 3)) <= 3);
  assert.equal(Math.max(...lengths({ type: "array", maxItems: 9, minItems: 9 }, 3)), 9);
  assert.equal(Math.min(...lengths({ type: "array", minItems: 5 }, 3)), 5);
});

Deno.test("schemaArbitrary() shrinks a counterexample to the minimal value", () => {
  const arb = schemaArbitrary({
    type: "array",
    items: { type: "integer", minimum: 0, maximum: 1000 },
  }, { maxArrayLength: 20 });
  const result = fc.check(fc.property(arb, (xs) => (xs as number[]).every((x) => x < 50)), {
    seed: 5,
  });
  assert.ok(result.failed);
  assert.deepEqual(result.counterexample, [[50]]);
});

Deno.test("schemaIssues() rejects what the generator cannot honour, with the place", () => {
  const cases: [JsonSchema, string, RegExp][] = [
    [{ type: "string", pattern: "(?<=a)b" }, "/pattern", /cannot generate strings for pattern/],
    [
      { $ref: "#/$defs/a", minimum: 1, $defs: { a: { type: "integer" } } },
      "",
      /`\$ref` beside minimum/,
    ],
    [
      { type: "object", properties: { x: { oneOf: [true], type: "integer" } } },
      "/properties/x",
      /`oneOf` beside type/,
    ],
    [
      { type: "object", required: ["x"], additionalProperties: false },
      "/required",
      /required `x` is not in properties/,
    ],
    [{ type: "number", minimum: 2, exclusiveMaximum: 2 }, "", /bounds leave no number/],
    [{ type: "integer", multipleOf: 10, minimum: 1, maximum: 9 }, "", /no multiple of 10/],
    [{ type: "array", prefixItems: [true], items: false, minItems: 2 }, "", /minItems 2 exceeds/],
    [
      { type: "object", properties: { x: { $ref: "#/$defs/x" } } },
      "/properties/x/$ref",
      /does not resolve/,
    ],
    [
      { type: "object", properties: { x: { type: "integer", $defs: {} } } },
      "/properties/x/$defs",
      /only at the root/,
    ],
    [false, "", /matches nothing/],
  ];
  for (const [schema, pointer, message] of cases) {
    const issues = schemaIssues(schema);
    assert.equal(issues.length, 1, `${JSON.stringify(schema)}: ${JSON.stringify(issues)}`);
    assert.equal(issues[0].pointer, pointer);
    assert.match(issues[0].message, message);
  }
  assert.throws(() => schemaArbitrary(false), /schemaArbitrary: cannot generate this schema/);
});

Deno.test("schemaArbitrary() gives up with a located GenerationError instead of hanging", () => {
  const overlap = { oneOf: [{ type: "integer" }, { type: "integer", minimum: -1e12 }] };
  assert.throws(
    () => fc.sample(schemaArbitrary(overlap), { numRuns: 5 }),
    (e) => e instanceof GenerationError && e.pointer === "" && /oneOf/.test(e.message),
  );
  const tooFew = { type: "array", items: { enum: [1, 2] }, minItems: 3, uniqueItems: true };
  assert.throws(
    () => fc.sample(schemaArbitrary(tooFew), { numRuns: 5 }),
    (e) => e instanceof GenerationError && /unique items/.test(e.message),
  );
});

const DERIVED = `name: derived
entry: solve
args: [grid, rows, cols]
program: program.ts
params:
  type: object
  properties:
    r: { type: integer, minimum: 0, maximum: 4 }
    c: { type: integer, minimum: 1, maximum: 3 }
  required: [r, c]
input:
  type: object
  properties:
    rows: { type: integer, minimum: 0 }
    cols: { type: integer, minimum: 1 }
    grid: { type: array, items: { type: array, items: { type: integer, minimum: 0, maximum: 9 } } }
  required: [grid, rows, cols]
derive:
  rows: params.r
  cols: params.c
  grid: { shape: [input.rows, input.cols] }
assume:
  - input.rows !== 2
output: { type: integer }
properties: { seed: 9 }
`;

Deno.test("inputArbitrary() generates params, then derive values and shapes, then filters by assume", async () => {
  const spec = await loadText(DERIVED);
  const validate = ajv.compile(spec.input);
  const inputs = fc.sample(inputArbitrary(spec), { numRuns: 200, seed: 2 }) as {
    grid: number[][];
    rows: number;
    cols: number;
  }[];
  for (const input of inputs) {
    assert.ok(validate(input), JSON.stringify(input));
    assert.equal(input.grid.length, input.rows);
    assert.ok(input.grid.every((row) => row.length === input.cols));
    assert.notEqual(input.rows, 2);
    assert.deepEqual(Object.keys(input), ["rows", "cols", "grid"]);
  }
  assert.deepEqual(new Set(inputs.map((i) => i.rows)), new Set([0, 1, 3, 4]));
});

Deno.test("inputArbitrary() throws a GenerationError when assume rejects every input", async () => {
  const spec = await loadText(DERIVED);
  const never = { ...spec, assume: [{ ...spec.assume[0], code: "input.rows > 100" }] };
  assert.throws(
    () => fc.sample(inputArbitrary(never), { numRuns: 1 }),
    (e) => e instanceof GenerationError && e.pointer === "/assume",
  );
});
