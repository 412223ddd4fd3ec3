// Owns report.html: the run report as one self-contained page (inline CSS and SVG, no scripts, no
// external resources). Written with the safe template, so every text from the run is escaped.
import { type Html, html, trusted } from "../../html/mod.ts";
import { scoreChartSvg } from "./_chart.ts";
import { type Block, runDocument } from "./_document.ts";
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
  const body = runDocument(report).map((b) => block(b, report));
  // deno-fmt-ignore: the page's text is its output; the formatter would reindent it.
  return html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${`specevolve run: ${report.run.spec}`}</title>
<style>${trusted(STYLE)}</style></head>
<body>
${joined(body, "\n")}
<footer><p>Generated ${report.generatedAt} by specevolve (report version ${report.version}).</p></footer>
</body></html>
`.value;
}

/** Markup pieces joined with `separator` (the template joins arrays with nothing). */
function joined(parts: readonly Html[], separator: string): Html {
  return trusted(parts.join(separator));
}

function diffLines(text: string): Html {
  return joined(
    text.split("\n").map((line) => {
      const cls = line.startsWith("+") && !line.startsWith("+++")
        ? "add"
        : line.startsWith("-") && !line.startsWith("---")
        ? "del"
        : "";
      return cls ? html`<span class="${cls}">${line}</span>` : html`${line}`;
    }),
    "\n",
  );
}

// deno-fmt-ignore: each block's markup is the report's output, kept on one line as it renders.
function block(b: Block, report: RunReport): Html {
  switch (b.kind) {
    case "heading":
      return html`<h${b.level}>${b.text}</h${b.level}>`;
    case "paragraph":
      return html`<p>${b.text}</p>`;
    case "facts":
      return html`<dl>${b.items.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
    case "table":
      if (b.rows.length === 0) return html`<p><em>none</em></p>`;
      return html`<table><thead><tr>${b.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${b.rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
    case "code":
      return b.language === "diff"
        ? html`<pre class="diff"><code>${diffLines(b.text)}</code></pre>`
        : html`<pre><code>${b.text}</code></pre>`;
    case "details":
      return html`<details><summary>${b.summary}</summary>${joined(b.blocks.map((inner) => block(inner, report)), "\n")}</details>`;
    case "chart":
      // Built from numbers and escaped labels (see _chart.ts).
      return trusted(scoreChartSvg(report.series));
  }
}
