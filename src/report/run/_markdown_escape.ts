// Owns escaping untrusted run text (sources, messages, descriptions) for Markdown; its HTML
// entities come from the one escaper in src/html.
import { escapeHtml } from "../../html/mod.ts";

/**
 * Text safe as inline Markdown on one line: HTML-special characters become entities (GitHub
 * renders raw HTML in step summaries) and Markdown punctuation is backslash-escaped.
 */
export function markdownInline(text: string): string {
  return text
    .replace(/\s*\n\s*/g, " ")
    .replace(/[&<>]+/g, (run) => escapeHtml(run, { quotes: false }))
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    // A leading # would make a heading; elsewhere it is plain text.
    .replace(/^#/, "\\#");
}

/** A fenced code block whose fence is longer than any backtick run inside it. */
export function markdownCode(text: string, language: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}
