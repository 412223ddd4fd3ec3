// Owns `compileSpec`: everything the evaluation cascade needs from a spec, built once — input
// generator, validators, argument mapping, compiled rules, equivalence, score, types, type-checker.
import type fc from "fast-check";
import { ajvMessages, outputAjv, sharedAjv } from "./_ajv.ts";
import { inputArbitrary } from "./arbitraries.ts";
import {
  type CaseMetric,
  type CompiledRule,
  compileEquivalent,
  compileMetricExpressions,
  compileRules,
  compileScore,
} from "./rules.ts";
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
  /** The `expr` metrics by name: one case's value (the cascade aggregates them per file). */
  readonly metricExpressions: ReadonlyMap<string, CaseMetric>;
  /** For specs with `interaction`: validators and argument mapping of one step. */
  readonly step?: CompiledStep;
  /** Deep equality within `equivalent.tolerance`; present when the spec sets `equivalent`. */
  readonly equivalent?: (a: unknown, b: unknown) => boolean;
  /** The score of a metrics record; present when the spec sets `score`. */
  readonly score?: (metrics: Record<string, number>) => number;
  readonly types: GeneratedTypes;
  /** Type-checks a candidate module against the entry signature. */
  typecheck(source: string): Diagnostic[];
}

/** What the cascade needs to drive a closed-loop candidate one step at a time. */
export interface CompiledStep {
  /** Ajv messages against `interaction.step.input` (a simulator bug) and `.output`. */
  validateInput(value: unknown): string[];
  validateOutput(value: unknown): string[];
  /** The positional arguments of `entry` for a step input. */
  toArgs(stepInput: unknown): unknown[];
}

/** Compiles a loaded spec (see loadSpec) into validators, generators, rules and a type-checker. */
export function compileSpec(spec: Spec): Promise<CompiledSpec> {
  const ajv = sharedAjv();
  const inputValidator = ajv.compile(spec.input);
  const outputValidator = outputAjv().compile(spec.output);
  const types = generateTypes(spec);
  const args = spec.args;
  const equivalent = spec.equivalent ? compileEquivalent(spec.equivalent.tolerance) : undefined;
  const score = compileScore(spec);
  const step = spec.interaction?.step;
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
    toArgs: argMapper(args),
    rules: compileRules(spec.invariants),
    metricExpressions: compileMetricExpressions(spec),
    ...(equivalent ? { equivalent } : {}),
    ...(score ? { score } : {}),
    ...(step ? { step: compileStep(step) } : {}),
    types,
    typecheck: createCandidateChecker(spec, types),
  });
}

function argMapper(args: readonly string[] | null): (input: unknown) => unknown[] {
  return (input) =>
    args === null ? [input] : args.map((a) => (input as Record<string, unknown>)[a]);
}

function compileStep(step: NonNullable<Spec["interaction"]>["step"]): CompiledStep {
  const input = sharedAjv().compile(step.input);
  const output = outputAjv().compile(step.output);
  return {
    validateInput: (v) => (input(v) ? [] : ajvMessages(input.errors)),
    validateOutput: (v) => (output(v) ? [] : ajvMessages(output.errors)),
    toArgs: argMapper(step.args),
  };
}
