// Owns holding a hand-made input (an example, a workload case, a simulator's step input) to the
// spec: the input schema, every `assume`, and `derive` where it can be recomputed from the input.
import { ajvMessages, sharedAjv } from "./_ajv.ts";
import { assumeSlots, compileExpressions, expressionCode, firstDifference } from "./rules.ts";
import type { JsonSchema, Spec, SpecExpression } from "./types.ts";

/** One way an input breaks the spec: where in the input, and what (with the spec key at fault). */
export interface CaseProblem {
  /** JSON pointer inside the input, e.g. `/txns/3/duration` (`""`: the whole input). */
  readonly pointer: string;
  readonly message: string;
}

/** Checks one input; returns every problem found (empty when it is a valid input). */
export type CaseChecker = (input: unknown) => CaseProblem[];

// A hand-made input comes without the `params` it was generated from, so an `assume` or `derive`
// expression that reads `params` cannot be re-evaluated on it; those are skipped, the rest hold.
const READS_PARAMS = /\bparams\b/;

/** Builds the checker for the spec's `input` (with its `assume` and `derive`). */
export function compileCaseCheck(spec: Spec): CaseChecker {
  const schema = schemaCheck(spec.input);
  const assumes = assumeSlots(spec)
    .map((slot, i) => ({ slot, i }))
    .filter(({ slot }) => !READS_PARAMS.test(slot.expr.code));
  const assumeFns = compileExpressions(assumes.map((a) => a.slot));
  const derived = spec.derive.flatMap((step) =>
    "value" in step && !READS_PARAMS.test(step.value.code)
      ? [{ field: step.field, expr: step.value }]
      : []
  );
  const deriveFns = compileExpressions(derived.map((d) => ({
    expr: d.expr,
    what: `derive \`${d.field}\``,
    params: [["params", "Params"], ["input", "Input"]] as const,
  })));
  return (input) => {
    const problems = schema(input);
    // Expressions are typed against the schema: on an input that breaks it they could throw.
    if (problems.length > 0) return problems;
    assumes.forEach(({ slot, i }, k) => {
      const verdict = evaluate(assumeFns[k], input);
      if (verdict !== true) {
        problems.push({
          pointer: "",
          message: `breaks assume[${i}] \`${short(slot.expr)}\`` + thrown(verdict),
        });
      }
    });
    derived.forEach(({ field, expr }, k) => {
      const expected = evaluate(deriveFns[k], input);
      const actual = (input as Record<string, unknown>)[field];
      const diff = expected instanceof Error
        ? undefined
        : firstDifference(actual, expected, 1e-9, `/${field}`);
      if (expected instanceof Error || diff !== undefined) {
        problems.push({
          pointer: `/${field}`,
          message: `does not match derive \`${field}: ${short(expr)}\`` +
            (expected instanceof Error ? thrown(expected) : ` (found vs derived: ${diff})`),
        });
      }
    });
    return problems;
  };
}

/** A validator of `schema` (named `key` in messages) reporting every error with its pointer. */
export function schemaCheck(schema: JsonSchema, key = "input"): CaseChecker {
  const validate = sharedAjv().compile(schema);
  return (value) => {
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => ({
      pointer: e.instancePath,
      message: `does not match \`${key}\`: ${ajvMessages([e])[0]}`,
    }));
  };
}

function evaluate(fn: (...args: unknown[]) => unknown, input: unknown): unknown {
  try {
    return fn({}, input);
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}

function thrown(verdict: unknown): string {
  return verdict instanceof Error ? ` (it threw: ${verdict.message})` : "";
}

function short(expr: SpecExpression): string {
  const code = expressionCode(expr).replace(/\s+/g, " ");
  return code.length > 80 ? `${code.slice(0, 77)}...` : code;
}
