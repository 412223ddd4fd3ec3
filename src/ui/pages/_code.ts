// Owns rendering code on the server: TypeScript highlighted by highlight.js, and diffs between two
// sources by jsdiff + diff2html (side by side or unified). Both libraries escape the text they get.
import { createTwoFilesPatch } from "diff";
import { html as diffHtml } from "diff2html";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import { type Html, html, trusted } from "../../html/mod.ts";

hljs.registerLanguage("typescript", typescript);

/** A source file with line numbers, highlighted as TypeScript. */
export function codeBlock(source: string): Html {
  const lines = source.split("\n").length;
  const numbers = Array.from({ length: lines }, (_, i) => i + 1).join("\n");
  // highlight.js escapes the source; its output holds only its own <span class="hljs-…"> markup.
  const code = hljs.highlight(source, { language: "typescript", ignoreIllegals: true }).value;
  return html`
    <div class="code">
      <pre class="gutter" aria-hidden="true">${numbers}</pre>
      <pre class="src"><code class="hljs language-typescript">${trusted(code)}</code></pre>
    </div>
  `;
}

export type DiffMode = "split" | "unified";

/** The diff from `before` to `after`, or a note when they are equal. */
export function diffBlock(
  before: { readonly name: string; readonly source: string },
  after: { readonly name: string; readonly source: string },
  mode: DiffMode,
): Html {
  if (before.source === after.source) return html`<p class="muted">The sources are identical.</p>`;
  // One file name for both sides: with two, diff2html tags the header "RENAMED", which a parent to
  // child diff is not; the name says which programs it compares.
  // ASCII only: diff2html writes other characters of a file name as octal escapes ("/342/206/222").
  const name = `${before.name} to ${after.name}`;
  const patch = createTwoFilesPatch(name, name, before.source, after.source, "", "", {
    context: 4,
  });
  // diff2html escapes file names and lines itself (checked by tests with hostile sources).
  return trusted(diffHtml(patch, {
    outputFormat: mode === "split" ? "side-by-side" : "line-by-line",
    drawFileList: false,
    matching: "lines",
    diffStyle: "word",
  }));
}

/** Reads a `?diff=` value; anything but "unified" is the side-by-side view. */
export function diffMode(value: string | null): DiffMode {
  return value === "unified" ? "unified" : "split";
}
