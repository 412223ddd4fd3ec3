// Owns the per-program summary rows shared by the Markdown and terminal renderings of a check.
import { clipJson } from "../../evaluate/_clip.ts";
import type { EvaluationFailure, StageResult } from "../../evaluate/types.ts";
import type { CheckedProgram } from "./model.ts";

/** One stage as a short cell: "ok 12 ms", "FAIL invariant", "ok 0.6612". */
export function stageCell(stage: StageResult): string {
  if (!stage.ok) return `FAIL ${stage.failure?.category ?? ""}`.trim();
  if (stage.result) return `ok ${stage.result.score.toFixed(4)}`;
  if (stage.cases !== undefined) return `ok ${stage.cases} cases`;
  return `ok ${Math.round(stage.ms)} ms`;
}

/** The lines that explain a failure: what broke, the rule, the minimal input, how to replay. */
export function failureLines(failure: EvaluationFailure): string[] {
  const lines = [failure.message];
  if (failure.line !== undefined) lines.push(`at line ${failure.line}:${failure.column ?? 1}`);
  if (failure.rule) {
    // The message of a broken rule already carries its doc line; say it once.
    const doc = failure.doc && !failure.message.includes(failure.doc) ? ` — ${failure.doc}` : "";
    lines.push(`rule: ${failure.rule}${doc}`);
  }
  if (failure.workload) {
    lines.push(`workload: ${failure.workload.file}, case ${failure.workload.case}`);
  }
  if (failure.counterexample !== undefined) {
    lines.push(`${counterexampleLabel(failure)}: ${clipJson(failure.counterexample, 1200)}`);
  }
  if (failure.output !== undefined) lines.push(`output: ${failure.output.slice(0, 1200)}`);
  const replay = replayLine(failure);
  if (replay) lines.push(replay);
  if (failure.stack) lines.push(`stack:\n${failure.stack}`);
  return lines;
}

/** Where a counterexample came from: shrunk, an example as written, or a workload case. */
export function counterexampleLabel(failure: EvaluationFailure): string {
  if (failure.workload) return "counterexample (the smallest failing case of the workload)";
  if (failure.example !== undefined) {
    return `counterexample (properties.examples[${failure.example}], as written)`;
  }
  return "counterexample (shrunk)";
}

/** The copy-pasteable replay flags of a gate failure, or undefined when it has none. */
export function replayLine(failure: EvaluationFailure): string | undefined {
  if (failure.seed === undefined || failure.workload) return undefined;
  return `replay: --seed ${failure.seed}${failure.path ? ` --path ${failure.path}` : ""}`;
}

/** Metric cells of a program: train and holdout score, and the metrics of each. */
export function scoreCells(program: CheckedProgram): { train: string; holdout: string } {
  const fmt = (s: CheckedProgram["evaluation"]["train"]) =>
    s
      ? `${s.score.toFixed(4)} (${
        Object.entries(s.metrics).map(([k, v]) => `${k} ${v.toPrecision(4)}`).join(", ")
      })`
      : "—";
  return { train: fmt(program.evaluation.train), holdout: fmt(program.evaluation.holdout) };
}
