// Owns the plain-text rendering of a check report for the terminal.
import type { CheckReport } from "./model.ts";
import { repeatLines } from "./repeat.ts";
import { failureLines, scoreCells, stageCell } from "./summary.ts";

/** Renders the report as indented plain text, one block per program. */
export function renderCheckTerminal(report: CheckReport): string {
  const out: string[] = [`check ${report.spec.name}: ${report.ok ? "PASSED" : "FAILED"}`];
  for (const program of report.programs) {
    const verdict = program.evaluation.ok ? "ok" : "FAILED";
    out.push("", `${program.label} (${program.path}): ${verdict}`);
    for (const stage of program.evaluation.stages) {
      out.push(`  ${stage.stage.padEnd(10)} ${stageCell(stage)}  (${Math.round(stage.ms)} ms)`);
    }
    const scores = scoreCells(program);
    if (program.evaluation.train) out.push(`  train score   ${scores.train}`);
    if (program.evaluation.holdout) out.push(`  holdout score ${scores.holdout}`);
    if (program.repeat) out.push(...repeatLines(program.repeat));
    if (program.evaluation.failure) {
      out.push(
        ...failureLines(program.evaluation.failure).flatMap((l) => l.split("\n")).map((l) =>
          `    ${l}`
        ),
      );
    }
  }
  return out.join("\n");
}
