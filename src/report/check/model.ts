// Owns the check report: the one model that the JSON, JUnit XML, Markdown and terminal renderers read.
import type { Evaluation } from "../../evaluate/types.ts";
import type { Spec, StageName } from "../../spec/types.ts";

/** One program checked against the spec. */
export interface CheckedProgram {
  /** e.g. "program", "initial", "reference", "baseline greedy". */
  readonly label: string;
  readonly path: string;
  readonly evaluation: Evaluation;
}

/** Result of `deno task check`; its JSON form is documented in docs/check.md (version 1). */
export interface CheckReport {
  readonly version: 1;
  readonly spec: { readonly name: string; readonly file: string; readonly hash: string };
  readonly runs: number;
  readonly seed: number;
  /** The spec's cascade stages, and whether holdout was asked for (`--no-holdout` says no). */
  readonly stages: readonly StageName[];
  readonly holdout: boolean;
  /** True when every program passed every gating stage. */
  readonly ok: boolean;
  readonly invariants: readonly { readonly id: string; readonly doc: string }[];
  readonly programs: readonly CheckedProgram[];
}

/** Builds the report from the evaluations of each program. */
export function buildCheckReport(
  spec: Spec,
  options: { readonly runs: number; readonly seed: number; readonly holdout: boolean },
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
    stages: spec.cascade.stages,
    holdout: options.holdout,
    ok: programs.every((p) => p.evaluation.ok),
    invariants,
    programs,
  };
}

/** Verdict of one invariant for one program: passed, failed, or not reached (its checks stopped early). */
export type InvariantVerdict = "passed" | "failed" | "not-reached";

/**
 * What the cascade says about `ruleId`: failed when the first failure (on a generated input or a
 * workload case) broke it; passed when the gate and every workload stage ran to the end.
 */
export function invariantVerdict(evaluation: Evaluation, ruleId: string): InvariantVerdict {
  const failed = evaluation.stages.find((s) => !s.ok);
  if (failed?.failure?.rule === ruleId) return "failed";
  const gate = evaluation.stages.find((s) => s.stage === "properties");
  return gate?.ok && !failed ? "passed" : "not-reached";
}

/** Why a rule was not reached: which stage stopped before checking it to the end. */
export function notReachedReason(evaluation: Evaluation): string {
  const failed = evaluation.stages.find((s) => !s.ok);
  if (!failed) return "the property gate did not run";
  return `stage ${failed.stage} stopped at its first failure before this rule was fully checked`;
}

/** Why `stage` of the spec's cascade is missing from an evaluation. */
export function skippedReason(
  report: CheckReport,
  evaluation: Evaluation,
  stage: StageName,
): string {
  const failed = evaluation.stages.find((s) => !s.ok);
  if (failed) return `not run: stage ${failed.stage} failed`;
  if (stage === "holdout" && !report.holdout) return "not run: --no-holdout";
  return "not run";
}

/** A program's name in reports: its label and file, so several `--program`s stay apart. */
export function programName(program: CheckedProgram): string {
  return `${program.label} ${program.path}`;
}
