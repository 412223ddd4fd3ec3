// Owns report.md: the run report as GitHub-flavoured Markdown, fit for a CI step summary. Untrusted
// text is escaped; code goes in fences longer than any backtick run inside it.
import { type Block, num, runDocument } from "./_document.ts";
import { html } from "../../html/mod.ts";
import { markdownCode, markdownInline } from "./_markdown_escape.ts";
import type { RunReport } from "./model.ts";

/** The report as Markdown. */
export function renderRunMarkdown(report: RunReport): string {
  return runDocument(report).map((b) => block(b, report)).join("\n\n") + "\n";
}

function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "_none_";
  const line = (cells: readonly string[]) => `| ${cells.map(markdownInline).join(" | ")} |`;
  return [line(columns), `|${columns.map(() => " --- ").join("|")}|`, ...rows.map(line)].join("\n");
}

function block(b: Block, report: RunReport): string {
  switch (b.kind) {
    case "heading":
      return `${"#".repeat(b.level)} ${markdownInline(b.text)}`;
    case "paragraph":
      return markdownInline(b.text);
    case "facts":
      return b.items.map(([k, v]) => `- **${markdownInline(k)}**: ${markdownInline(v)}`).join("\n");
    case "table":
      return table(b.columns, b.rows);
    case "code":
      return markdownCode(b.text, b.language);
    case "details":
      // GitHub renders <details>; the summary is HTML, so it is HTML-escaped.
      return `<details><summary>${html`${b.summary}`}</summary>\n\n${
        b.blocks.map((inner) => block(inner, report)).join("\n\n")
      }\n\n</details>`;
    case "chart":
      // No images in a step summary: the improvements as a table stand in for the chart.
      return table(
        ["iteration", "program", "best train", "its holdout"],
        report.series.best.map((p) => [
          String(p.iteration),
          `#${p.id}`,
          num(p.trainScore),
          num(p.holdoutScore),
        ]),
      );
  }
}
