// Owns report.html: the run report as one self-contained page (inline CSS and SVG, no scripts, no
// external resources). Every text from the run is HTML-escaped.
import { scoreChartSvg } from "./_chart.ts";
import { type Block, runDocument } from "./_document.ts";
import { htmlEscape as esc } from "./_escape.ts";
import type { RunReport } from "./model.ts";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}dl{display:grid;grid-template-columns:max-content auto;gap:2px 16px}dt{font-weight:600}dd{margin:0}
pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:12px}summary{cursor:pointer}
.diff .add{color:#116329;background:#e6ffec}.diff .del{color:#82071e;background:#ffebe9}`;

/** The report as a self-contained HTML page. */
export function renderRunHtml(report: RunReport): string {
  const body = runDocument(report).map((b) => block(b, report)).join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(`specevolve run: ${report.run.spec}`)}</title>
<style>${STYLE}</style></head>
<body>
${body}
<footer><p>Generated ${
    esc(report.generatedAt)
  } by specevolve (report version ${report.version}).</p></footer>
</body></html>
`;
}

function diffLines(text: string): string {
  return text.split("\n").map((line) => {
    const cls = line.startsWith("+") && !line.startsWith("+++")
      ? "add"
      : line.startsWith("-") && !line.startsWith("---")
      ? "del"
      : "";
    return cls ? `<span class="${cls}">${esc(line)}</span>` : esc(line);
  }).join("\n");
}

function block(b: Block, report: RunReport): string {
  switch (b.kind) {
    case "heading":
      return `<h${b.level}>${esc(b.text)}</h${b.level}>`;
    case "paragraph":
      return `<p>${esc(b.text)}</p>`;
    case "facts":
      return `<dl>${b.items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`;
    case "table":
      if (b.rows.length === 0) return "<p><em>none</em></p>";
      return `<table><thead><tr>${
        b.columns.map((c) => `<th>${esc(c)}</th>`).join("")
      }</tr></thead><tbody>${
        b.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("")
      }</tbody></table>`;
    case "code":
      return b.language === "diff"
        ? `<pre class="diff"><code>${diffLines(b.text)}</code></pre>`
        : `<pre><code>${esc(b.text)}</code></pre>`;
    case "details":
      return `<details><summary>${esc(b.summary)}</summary>${
        b.blocks.map((inner) => block(inner, report)).join("\n")
      }</details>`;
    case "chart":
      return scoreChartSvg(report.series);
  }
}
