// Owns the Markdown rendering of a check report, written for a CI step summary.
import type { CheckReport } from "./model.ts";
import { invariantVerdict, programName } from "./model.ts";
import { failureLines, scoreCells, stageCell } from "./summary.ts";

/** Escapes a table cell: pipes and newlines would break the row, HTML is shown as text. */
function cell(text: string): string {
  return text.replace(/[<>&]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;" })[c]!)
    .replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

const MARK = { passed: "✅", failed: "❌", "not-reached": "➖" } as const;

/** Renders the report as GitHub-flavoured Markdown. */
export function renderCheckMarkdown(report: CheckReport): string {
  const out: string[] = [];
  out.push(
    `## specevolve check: ${cell(report.spec.name)} — ${report.ok ? "✅ passed" : "❌ failed"}`,
  );
  out.push("");
  out.push(
    `Spec \`${cell(report.spec.file)}\` · ${report.runs} generated cases · seed ${report.seed}`,
  );
  out.push("");
  const stages = [
    ...new Set(report.programs.flatMap((p) => p.evaluation.stages.map((s) => s.stage))),
  ];
  out.push(`| program | ${stages.join(" | ")} | train score | holdout score |`);
  out.push(`|---|${stages.map(() => "---").join("|")}|---|---|`);
  for (const program of report.programs) {
    const cells = stages.map((name) => {
      const stage = program.evaluation.stages.find((s) => s.stage === name);
      return stage ? cell(stageCell(stage)) : "—";
    });
    const scores = scoreCells(program);
    out.push(
      `| ${cell(programName(program))} | ${cells.join(" | ")} | ${cell(scores.train)} | ${
        cell(scores.holdout)
      } |`,
    );
  }
  if (report.invariants.length > 0) {
    out.push("", "### Invariants", "");
    out.push(
      `| rule | what it protects | ${
        report.programs.map((p) => cell(programName(p))).join(" | ")
      } |`,
    );
    out.push(`|---|---|${report.programs.map(() => "---").join("|")}|`);
    for (const rule of report.invariants) {
      const verdicts = report.programs.map((p) => MARK[invariantVerdict(p.evaluation, rule.id)]);
      out.push(`| \`${cell(rule.id)}\` | ${cell(rule.doc)} | ${verdicts.join(" | ")} |`);
    }
  }
  for (const program of report.programs) {
    const failure = program.evaluation.failure;
    if (!failure) continue;
    out.push("", `### ❌ ${cell(program.label)} (\`${cell(program.path)}\`)`, "");
    // A fence longer than any backtick run in the text keeps untrusted output inside the block.
    const body = failureLines(failure).join("\n");
    const fence = "`".repeat(Math.max(3, ...[...body.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    out.push(fence, body, fence);
  }
  return out.join("\n") + "\n";
}
