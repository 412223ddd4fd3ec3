// Owns the load-time checks that need the spec compiled: schemas within the generator's subset,
// examples valid, expressions type-checked, and a seeded sample showing derive and assume work.
import fc from "fast-check";
import { isSpecError, type SpecIssue } from "../errors/mod.ts";
import { sharedAjv } from "./_ajv.ts";
import { checkExpressions } from "./_expr_check.ts";
import { GenerationError } from "./_guarded.ts";
import type { YamlSource } from "./_yaml.ts";
import { compileCaseCheck } from "./case_check.ts";
import { caseArbitrary, type GeneratedCase, invalidDerive, schemaIssues } from "./arbitraries.ts";
import { isRuleError } from "./rule_error.ts";
import { assumeSlots, compileExpressions, expressionSlots, runGuarded } from "./rules.ts";
import { generateTypes } from "./types_gen.ts";
import type { Spec } from "./types.ts";

/** Located problems of `spec` found by compiling it; `samples` generated cases are tried. */
export function checkSemantics(spec: Spec, source: YamlSource, samples: number): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const issue = (pointer: string, message: string, part: "key" | "value" = "value") =>
    issues.push({ ...source.locate(pointer, part), pointer, message });

  const options = { maxArrayLength: spec.properties.maxArrayLength };
  const schemas: [string, Spec["input"] | undefined][] = [
    ["/input", spec.input],
    ["/output", spec.output],
    ["/params", spec.params],
    ["/interaction/step/input", spec.interaction?.step.input],
    ["/interaction/step/output", spec.interaction?.step.output],
  ];
  for (const [pointer, schema] of schemas) {
    if (schema === undefined) continue;
    for (const i of schemaIssues(schema, options)) issue(`${pointer}${i.pointer}`, i.message);
  }
  if (issues.length > 0) return issues; // types and generation need sound schemas

  const slots = expressionSlots(spec);
  issues.push(...checkExpressions(
    slots,
    generateTypes(spec),
    (expr, offset) => source.locateInScalar(expr.pointer ?? "", offset),
  ));
  if (issues.length > 0) return issues; // the case check compiles the expressions
  const check = compileCaseCheck(spec);
  spec.properties.examples.forEach((example, i) => {
    for (const problem of check(example)) {
      issue(`/properties/examples/${i}${problem.pointer}`, `example ${i} ${problem.message}`);
    }
  });
  if (issues.length > 0 || samples === 0) return issues;
  return sampleCases(spec, samples, source);
}

// Generates `samples` raw cases with the spec's seed; reports derive and assume problems.
function sampleCases(spec: Spec, samples: number, source: YamlSource): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const report = (pointer: string, message: string) =>
    issues.push({ ...source.locate(pointer), pointer, message });
  let cases: GeneratedCase[];
  try {
    cases = fc.sample(caseArbitrary(spec), { numRuns: samples, seed: spec.properties.seed });
  } catch (e) {
    if (e instanceof GenerationError) report(e.pointer, e.problem);
    else if (isRuleError(e)) report(pointerOfLocation(spec, e.at) ?? "/derive", e.problem);
    else if (isSpecError(e)) return [...e.issues];
    else throw e;
    return issues;
  }
  const validate = sharedAjv().compile(spec.input);
  if (cases.some((c) => !validate(c.input))) {
    const { pointer, message } = invalidDerive(spec, validate.errors ?? []);
    report(pointer, message);
  }
  const assumes = assumeSlots(spec);
  const fns = compileExpressions(assumes);
  const verdicts = assumes.map((slot, i) => {
    const fn = fns[i];
    return cases.map((c) => {
      try {
        return runGuarded(slot, fn, [c.params, c.input]) === true;
      } catch (e) {
        return e as Error;
      }
    });
  });
  verdicts.forEach((v, i) => {
    const thrown = v.find((x) => x instanceof Error);
    if (thrown) report(`/assume/${i}`, isRuleError(thrown) ? thrown.problem : String(thrown));
    else if (!v.includes(true)) {
      report(
        `/assume/${i}`,
        `assume never held on ${cases.length} generated inputs: it is unsatisfiable or too ` +
          "strict; relax it, or generate such inputs with `derive`",
      );
    }
  });
  if (
    issues.length === 0 && assumes.length > 1 &&
    !cases.some((_, c) => verdicts.every((v) => v[c] === true))
  ) {
    report("/assume", `no generated input satisfied every assume together (${cases.length} tried)`);
  }
  return issues;
}

function pointerOfLocation(spec: Spec, at: { line: number; column: number }): string | undefined {
  return expressionSlots(spec).find((s) =>
    s.expr.at.line === at.line && s.expr.at.column === at.column
  )
    ?.expr.pointer;
}
