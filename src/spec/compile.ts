// Owns `compileSpec`: everything the evaluation cascade needs from a spec, built once — input
// generator, validators, argument mapping, compiled rules, equivalence, score, types, type-checker.
import type fc from "fast-check";
import { ajvMessages, sharedAjv } from "./_ajv.ts";
import { inputArbitrary } from "./arbitraries.ts";
import { type CompiledRule, compileEquivalent, compileRules, compileScore } from "./rules.ts";
import { createCandidateChecker, type Diagnostic } from "./typecheck.ts";
import { type GeneratedTypes, generateTypes } from "./types_gen.ts";
import type { Spec } from "./types.ts";

/** A spec ready to evaluate candidates with. */
export interface CompiledSpec {
  readonly spec: Spec;
  /** Generated inputs (params -> derive -> assume), valid against `input`, shrinking. */
  readonly inputArbitrary: fc.Arbitrary<unknown>;
  /** fast-check parameters: runs and seed from `properties`; `examples` run first. */
  readonly propertyParameters: {
    readonly numRuns: number;
    readonly seed: number;
    readonly examples: [unknown][];
  };
  /** Ajv messages (`"/path must ..."`); empty when valid. */
  validateInput(value: unknown): string[];
  validateOutput(value: unknown): string[];
  /** The positional arguments of `entry` for an input (`[input]` when the spec has no `args`). */
  toArgs(input: unknown): unknown[];
  readonly rules: readonly CompiledRule[];
  /** Deep equality within `equivalent.tolerance`; present when the spec sets `equivalent`. */
  readonly equivalent?: (a: unknown, b: unknown) => boolean;
  /** The score of a metrics record; present when the spec sets `score`. */
  readonly score?: (metrics: Record<string, number>) => number;
  readonly types: GeneratedTypes;
  /** Type-checks a candidate module against the entry signature. */
  typecheck(source: string): Diagnostic[];
}

/** Compiles a loaded spec (see loadSpec) into validators, generators, rules and a type-checker. */
export function compileSpec(spec: Spec): Promise<CompiledSpec> {
  const ajv = sharedAjv();
  const inputValidator = ajv.compile(spec.input);
  const outputValidator = ajv.compile(spec.output);
  const types = generateTypes(spec);
  const args = spec.args;
  const equivalent = spec.equivalent ? compileEquivalent(spec.equivalent.tolerance) : undefined;
  const score = compileScore(spec);
  return Promise.resolve({
    spec,
    inputArbitrary: inputArbitrary(spec),
    propertyParameters: {
      numRuns: spec.properties.runs,
      seed: spec.properties.seed,
      examples: spec.properties.examples.map((e) => [structuredClone(e)]),
    },
    validateInput: (v) => (inputValidator(v) ? [] : ajvMessages(inputValidator.errors)),
    validateOutput: (v) => (outputValidator(v) ? [] : ajvMessages(outputValidator.errors)),
    toArgs: (input) =>
      args === null ? [input] : args.map((a) => (input as Record<string, unknown>)[a]),
    rules: compileRules(spec.invariants),
    ...(equivalent ? { equivalent } : {}),
    ...(score ? { score } : {}),
    types,
    typecheck: createCandidateChecker(spec, types),
  });
}
