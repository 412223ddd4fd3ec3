// Owns the check report: the one model that the JSON, JUnit XML, Markdown and terminal renderers read.
import type { Evaluation } from "../../evaluate/types.ts";
import type { Spec } from "../../spec/types.ts";
import type { RepeatSpread } from "./repeat.ts";

/** One program checked against the spec. */
export interface CheckedProgram {
  /** e.g. "program", "initial", "reference", "baseline greedy". */
  readonly label: string;
  readonly path: string;
  readonly evaluation: Evaluation;
  /** With `check --repeat N` (N > 1): the figures over the N evaluations; `evaluation` is the first. */
  readonly repeat?: RepeatSpread;
}

/** Result of `deno task check`; its JSON form is documented in docs/check.md (version 1). */
export interface CheckReport {
  readonly version: 1;
  readonly spec: { readonly name: string; readonly file: string; readonly hash: string };
  readonly runs: number;
  readonly seed: number;
  /** True when every program passed every gating stage. */
  readonly ok: boolean;
  readonly invariants: readonly { readonly id: string; readonly doc: string }[];
  readonly programs: readonly CheckedProgram[];
}

/** Builds the report from the evaluations of each program. */
export function buildCheckReport(
  spec: Spec,
  options: { readonly runs: number; readonly seed: number },
  programs: readonly CheckedProgram[],
): CheckReport {
  const invariants = spec.invariants.map((r) => ({ id: r.id, doc: r.doc }));
  if (spec.equivalent && spec.reference) {
    invariants.push({ id: "equivalent", doc: "the output equals the reference program's output" });
  }
  return {
    version: 1,
    spec: { name: spec.name, file: spec.file, hash: spec.hash },
    runs: options.runs,
    seed: options.seed,
    ok: programs.every((p) => p.evaluation.ok),
    invariants,
    programs,
  };
}

/** Verdict of one invariant for one program: passed, failed, or not reached (gate never ran it to the end). */
export type InvariantVerdict = "passed" | "failed" | "not-reached";

/** What the property gate says about `ruleId` for this evaluation. */
export function invariantVerdict(evaluation: Evaluation, ruleId: string): InvariantVerdict {
  const gate = evaluation.stages.find((s) => s.stage === "properties");
  if (!gate) return "not-reached";
  if (gate.ok) return "passed";
  return gate.failure?.rule === ruleId ? "failed" : "not-reached";
}
