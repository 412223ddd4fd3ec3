// Owns generating inputs for the property gate: JSON Schema -> fast-check arbitraries (with
// shrinking), and a spec's full input generator (params, then derive, then assume).
import fc from "fast-check";
import { SpecError } from "../errors/mod.ts";
import { ajvMessages, sharedAjv } from "./_ajv.ts";
import { GenerationError, guardedFilter } from "./_guarded.ts";
import { checkRefs, keywords, type SchemaIssue, type SchemaNode } from "./_schema.ts";
import { type NodeValidator, SchemaArbitraries } from "./_schema_arbitrary.ts";
import { assumeSlots, compileExpressions, expressionSlots, runGuarded } from "./rules.ts";
import type { JsonSchema, Spec } from "./types.ts";

export { GenerationError } from "./_guarded.ts";

export interface SchemaArbitraryOptions {
  /** Longest generated array where the schema sets no `maxItems`. @default 32 */
  readonly maxArrayLength?: number;
}

/** A validator factory for the nodes of `root`, sharing one ajv and caching per node. */
export function nodeValidator(root: SchemaNode, ajv = sharedAjv()): NodeValidator {
  const cache = new WeakMap<object, (v: unknown) => boolean>();
  const defs = keywords(root).$defs;
  return (node) => {
    if (typeof node === "boolean") return () => node;
    let fn = cache.get(node);
    if (!fn) {
      const compiled = ajv.compile(defs === undefined ? node : { ...node, $defs: defs });
      fn = (v) => compiled(v) as boolean;
      cache.set(node, fn);
    }
    return fn;
  };
}

/** Problems that keep `schema` from being generated: bad refs, unsatisfiable or unsupported parts. */
export function schemaIssues(
  schema: JsonSchema,
  options: SchemaArbitraryOptions = {},
): SchemaIssue[] {
  const refIssues = checkRefs(schema);
  if (refIssues.length > 0) return refIssues;
  let validator: NodeValidator;
  try {
    validator = nodeValidator(schema);
    validator(schema);
  } catch (e) {
    return [{ pointer: "", message: `ajv cannot compile this schema: ${(e as Error).message}` }];
  }
  const gen = new SchemaArbitraries(schema, options.maxArrayLength ?? 32, validator);
  gen.build();
  return gen.issues;
}

/** An arbitrary of values valid against `schema`; throws Error listing problems if it has any. */
export function schemaArbitrary(
  schema: JsonSchema,
  options: SchemaArbitraryOptions = {},
): fc.Arbitrary<unknown> {
  const issues = schemaIssues(schema, options);
  if (issues.length > 0) {
    throw new Error(
      `schemaArbitrary: cannot generate this schema: ${
        issues.map((i) => `${i.pointer || "/"}: ${i.message}`).join("; ")
      }`,
    );
  }
  return new SchemaArbitraries(schema, options.maxArrayLength ?? 32, nodeValidator(schema)).build();
}

/** Generated params and the input derived from them (what `inputArbitrary` maps to its input). */
export interface GeneratedCase {
  readonly params: Record<string, unknown>;
  readonly input: unknown;
}

/**
 * The spec's raw case generator: params from `params`, free input fields from their schemas,
 * then each `derive` step in order. `assume` and input validation are applied by inputArbitrary.
 */
export function caseArbitrary(spec: Spec): fc.Arbitrary<GeneratedCase> {
  const cap = spec.properties.maxArrayLength;
  const inputGen = new SchemaArbitraries(spec.input, cap, nodeValidator(spec.input), "/input");
  const params =
    (spec.params === undefined
      ? fc.constant({})
      : new SchemaArbitraries(spec.params, cap, nodeValidator(spec.params), "/params")
        .build()) as fc.Arbitrary<
        Record<string, unknown>
      >;
  if (spec.derive.length === 0) {
    return fc.record({ params, input: inputGen.build() }, { noNullPrototype: true });
  }
  const k = keywords(spec.input);
  const props = (k.properties ?? {}) as Record<string, SchemaNode>;
  const derived = new Set(spec.derive.map((d) => d.field));
  const free = Object.keys(props).filter((p) => !derived.has(p));
  const freeArb = fc.record(
    Object.fromEntries(free.map((p) => [p, inputGen.build(props[p], `/input/properties/${p}`)])),
    {
      requiredKeys: ((k.required ?? []) as string[]).filter((r) => !derived.has(r)),
      noNullPrototype: true,
    },
  );
  const slots = expressionSlots({ ...spec, invariants: [], assume: [], score: undefined });
  const fns = compileExpressions(slots);
  let next = 0;
  const steps = spec.derive.map((step) => {
    const n = "value" in step ? 1 : step.shape.length;
    const range = [next, next += n];
    return { step, slots: slots.slice(...range), fns: fns.slice(...range) };
  });
  const order = Object.keys(props);
  const sortKeys = (input: Record<string, unknown>) =>
    Object.fromEntries(order.filter((p) => Object.hasOwn(input, p)).map((p) => [p, input[p]]));

  type Fields = Record<string, unknown>;
  // Runs value steps from `i` until a shape step (whose field needs generating) or the end.
  const computeValues = (p: Fields, input: Fields, i: number): [Fields, number] => {
    for (; i < steps.length && "value" in steps[i].step; i++) {
      const { step, slots, fns } = steps[i];
      input = { ...input, [step.field]: runGuarded(slots[0], fns[0], [p, input]) };
    }
    return [input, i];
  };
  const done = (p: Fields, input: Fields): GeneratedCase => ({ params: p, input: sortKeys(input) });
  const from = (p: Fields, start: Fields, i: number): fc.Arbitrary<GeneratedCase> => {
    const [input, at] = computeValues(p, start, i);
    if (at === steps.length) return fc.constant(done(p, input));
    const { step, slots, fns } = steps[at];
    const lengths = slots.map((slot, j) => runGuarded(slot, fns[j], [p, input]) as number);
    let arb: fc.Arbitrary<unknown>;
    try {
      arb = inputGen.build(props[step.field], `/input/properties/${step.field}`, lengths);
    } catch (e) {
      // The shape is what the author would change, so the error points there.
      if (!(e instanceof GenerationError)) throw e;
      throw new GenerationError(
        `/derive/${step.field}/shape`,
        `derive \`${step.field}\` shape [${
          lengths.join(", ")
        }] does not fit ${e.pointer}: ${e.problem}`,
      );
    }
    return arb.chain((v) => from(p, { ...input, [step.field]: v }, at + 1));
  };
  const source = fc.tuple(params, freeArb);
  // Without shape steps a case is a pure function of params and free fields: `map` shrinks it
  // directly, where `chain` would regenerate the derived part on every shrink.
  if (spec.derive.every((s) => "value" in s)) {
    return source.map(([p, f]) => done(p, computeValues(p, f, 0)[0]));
  }
  return source.chain(([p, f]) => from(p, f, 0));
}

/**
 * Inputs for the property gate: `caseArbitrary` filtered by `assume` and checked against the
 * `input` schema. A derive that yields an invalid input, or an assume that rejects 1000 inputs in
 * a row, throws (SpecError / GenerationError): the spec is at fault, not a candidate.
 */
export function inputArbitrary(spec: Spec): fc.Arbitrary<unknown> {
  const validate = sharedAjv().compile(spec.input);
  const slots = assumeSlots(spec);
  const fns = compileExpressions(slots);
  const checked = caseArbitrary(spec).map((c) => {
    if (spec.derive.length > 0 && !validate(c.input)) {
      const { pointer, message } = invalidDerive(spec, validate.errors ?? []);
      const step = spec.derive.find((d) => pointer.startsWith(`/derive/${d.field}`));
      const at = step ? ("value" in step ? step.value.at : step.shape[0].at) : { file: spec.file };
      throw new SpecError([{ ...at, pointer, message }]);
    }
    return c;
  });
  const kept = slots.length === 0 ? checked : guardedFilter(
    checked,
    (c) => slots.every((slot, i) => runGuarded(slot, fns[i], [c.params, c.input]) === true),
    "/assume",
    "no generated input satisfied `assume`; relax it or generate valid inputs with `derive`",
  );
  return kept.map((c) => c.input);
}

/** Where and how to report a derived input failing the `input` schema (at the derive step of the
 * first failing field, when that field is derived). */
export function invalidDerive(
  spec: Pick<Spec, "derive">,
  errors: readonly { instancePath: string; message?: string }[],
): { pointer: string; message: string } {
  const field = errors[0]?.instancePath.split("/")[1];
  const derived = spec.derive.some((d) => d.field === field);
  return {
    pointer: derived ? `/derive/${field}` : "/derive",
    message: `derive produced an input that does not match \`input\` (${
      ajvMessages(errors).join("; ")
    }); fix derive so every generated input is valid`,
  };
}
