// Owns judging one candidate output against the spec: JSON Schema validity, every invariant rule,
// and equivalence with the reference output. Runs in trusted code on the sandbox's cloned output.
import type { CompiledRule, CompiledSpec } from "../spec/mod.ts";
import { clipJson } from "./_clip.ts";
import type { EvaluationFailure } from "./types.ts";

/** The rule's `witness` on the failing case, as text to append to the failure (or ""). */
function witnessOf(rule: CompiledRule, input: unknown, output: unknown): string {
  if (!rule.witness) return "";
  try {
    return ` (witness: ${clipJson(rule.witness(input, output), 300)})`;
  } catch (e) {
    // The verdict stands; a broken witness only loses the detail, and says so.
    return ` (witness threw: ${(e as Error)?.message ?? e})`;
  }
}

/** The first way `output` breaks the spec on `input`, or undefined when it satisfies everything. */
export function judgeOutput(
  compiled: CompiledSpec,
  input: unknown,
  output: unknown,
  reference?: { readonly output: unknown },
): EvaluationFailure | undefined {
  const schemaErrors = compiled.validateOutput(output);
  if (schemaErrors.length > 0) {
    return {
      category: "invalid-output",
      message: `invalid-output: the output does not match the spec's output schema: ${
        schemaErrors.slice(0, 5).join("; ")
      }`,
      output: clipJson(output),
    };
  }
  for (const rule of compiled.rules) {
    let holds: boolean;
    try {
      holds = rule.check(input, output) === true;
    } catch (e) {
      // A throwing rule never counts as a pass: the candidate is stopped and the spec author told.
      return {
        category: "invariant",
        rule: rule.id,
        doc: rule.doc,
        message: `invariant ${rule.id}: rule error (the rule threw: ${(e as Error)?.message ?? e})`,
        output: clipJson(output),
      };
    }
    if (!holds) {
      return {
        category: "invariant",
        rule: rule.id,
        doc: rule.doc,
        message: `invariant ${rule.id} violated: ${rule.doc}${witnessOf(rule, input, output)}`,
        output: clipJson(output),
      };
    }
  }
  if (reference && compiled.equivalent && !compiled.equivalent(output, reference.output)) {
    return {
      category: "invariant",
      rule: "equivalent",
      doc: "the output equals the reference program's output",
      message: `invariant equivalent violated: output differs from the reference (expected ${
        clipJson(reference.output, 300)
      })`,
      output: clipJson(output),
    };
  }
  return undefined;
}
