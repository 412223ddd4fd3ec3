/**
 * The spec layer: load a problem spec from YAML (located errors), generate its TypeScript types
 * and fast-check input generators, and compile its rules, score and candidate type-checker.
 *
 * @example
 * ```ts
 * const spec = await loadSpec("specs/examples/topk.yaml");
 * const compiled = await compileSpec(spec);
 * compiled.typecheck(candidateSource); // Diagnostic[]
 * ```
 * @module
 */
export type * from "./types.ts";
export { loadSpec, type LoadSpecOptions, resolveLoadSpecOptions } from "./load.ts";
export { type CompiledSpec, type CompiledStep, compileSpec } from "./compile.ts";
export {
  caseArbitrary,
  type GeneratedCase,
  inputArbitrary,
  schemaArbitrary,
  type SchemaArbitraryOptions,
  schemaIssues,
} from "./arbitraries.ts";
export { type GeneratedTypes, generateTypes, schemaToType } from "./types_gen.ts";
export { type CaseChecker, type CaseProblem, compileCaseCheck, schemaCheck } from "./case_check.ts";
export {
  type CaseMetric,
  type CompiledRule,
  compileEquivalent,
  compileExpressions,
  compileMetricExpressions,
  compileRules,
  compileScore,
  type ExpressionSlot,
  expressionSlots,
  firstDifference,
} from "./rules.ts";
export { type CandidateChecker, createCandidateChecker, type Diagnostic } from "./typecheck.ts";
export { hasSharedProject, releaseSharedProject } from "./_tsproject.ts";
export {
  type AsyncCandidateChecker,
  BoundedTypeChecker,
  type BoundedTypeCheckOptions,
} from "./bounded_typecheck.ts";
export { PRELUDE, PRELUDE_DECLARATIONS } from "./prelude.ts";
export { SPEC_META_SCHEMA } from "./_meta.ts";
