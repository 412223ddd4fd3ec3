// Owns checking drafted rules against the researcher's own function: the property gate runs it on
// the draft's generated inputs, and each rule it breaks is set aside with its shrunk counterexample
// so the gate can go on to find the next one.
import { type EvaluationFailure, runPropertyGate } from "../evaluate/mod.ts";
import type { Sandbox } from "../sandbox/types.ts";
import type { CompiledSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";

/** A drafted rule the function breaks, with the smallest input found and the function's output. */
export interface BrokenRule {
  readonly id: string;
  readonly doc: string;
  readonly counterexample: unknown;
  readonly output?: string;
}

/** Rules the function breaks, and a failure that is not a rule's (it threw, timed out, …). */
export interface Verification {
  readonly broken: readonly BrokenRule[];
  readonly failure?: EvaluationFailure;
}

/** Runs the gate on `source` until it passes, setting aside every rule it breaks. */
export async function findBrokenRules(
  spec: Spec,
  compiled: CompiledSpec,
  sandbox: Sandbox,
  source: string,
): Promise<Verification> {
  const broken: BrokenRule[] = [];
  const aside = new Set<string>();
  // Each round sets one rule aside, so rounds are bounded by the number of rules.
  for (let round = 0; round <= compiled.rules.length; round++) {
    const rules = compiled.rules.filter((r) => !aside.has(r.id));
    const stage = await runPropertyGate(
      { spec, compiled: { ...compiled, rules }, sandbox },
      source,
    );
    const failure = stage.failure;
    if (stage.ok || !failure) return { broken };
    if (failure.category !== "invariant" || !failure.rule || aside.has(failure.rule)) {
      return { broken, failure };
    }
    aside.add(failure.rule);
    broken.push({
      id: failure.rule,
      doc: failure.doc ?? "",
      counterexample: failure.counterexample,
      ...(failure.output === undefined ? {} : { output: failure.output }),
    });
  }
  return { broken };
}
