// Owns safe HTML building: a tagged template that escapes every interpolated value unless it is
// already `Html`, so run data (sources, LLM answers, errors) cannot become markup by accident.

/** A string of markup that is safe to emit as is. */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Options of `escapeHtml`. */
export interface EscapeHtmlOptions {
  /** Escape `"` and `'` too, as attribute values need; element text does not. @default true */
  readonly quotes?: boolean;
}

/** Escapes text for HTML content and quoted attribute values: the one escaper of untrusted text. */
export function escapeHtml(text: string, options: EscapeHtmlOptions = {}): string {
  return text.replace(options.quotes === false ? /[&<>]/g : /[&<>"']/g, (c) => ENTITIES[c]);
}

function render(value: unknown): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === undefined || value === null || value === false) return "";
  return escapeHtml(String(value));
}

/** Builds markup; interpolations are escaped (arrays joined, null/undefined/false dropped). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0];
  values.forEach((v, i) => out += render(v) + strings[i + 1]);
  return new Html(out);
}

/** Marks markup produced by a trusted renderer (highlight.js, diff2html) as safe. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/**
 * A JSON data island for the page's scripts. `<` becomes `\u003c` so no text in the data can
 * close the element, and U+2028/U+2029 are escaped for older parsers.
 */
export function jsonScript(id: string, data: unknown): Html {
  const text = JSON.stringify(data ?? null)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
  return html`<script type="application/json" id="${id}">${trusted(text)}</script>`;
}
