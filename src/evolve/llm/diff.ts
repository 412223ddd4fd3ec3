// Owns reading an LLM answer: SEARCH/REPLACE blocks (aider/OpenEvolve format) or a full program in
// a fenced code block, plus the explanation text around them.

/** One SEARCH/REPLACE edit, texts without their final newline. */
export interface SearchReplace {
  readonly search: string;
  readonly replace: string;
}

/** What an answer proposes. `explanation` is the prose before the first block or fence. */
export type ParsedAnswer =
  | {
    readonly kind: "diff";
    readonly edits: readonly SearchReplace[];
    readonly explanation: string;
  }
  | { readonly kind: "rewrite"; readonly source: string; readonly explanation: string }
  | { readonly kind: "none"; readonly reason: string };

const SEARCH = /^[ \t]*<{5,9}[ \t]*SEARCH[ \t]*$/i;
const DIVIDER = /^[ \t]*={5,9}[ \t]*$/;
const REPLACE = /^[ \t]*>{5,9}[ \t]*REPLACE[ \t]*$/i;
const FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*([\w+.-]*)[^\n]*$/;
/** Fence languages taken as the program; anything else (json, text, diff) is commentary. */
const CODE_LANGS = new Set(["", "ts", "typescript", "tsx", "js", "javascript", "mts"]);

/** Parses an answer; SEARCH/REPLACE blocks win over fenced code when both appear. */
export function parseAnswer(text: string): ParsedAnswer {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const diff = parseBlocks(lines);
  if (diff.kind !== "none" || diff.reason !== NO_BLOCKS) return diff;
  const fenced = longestCodeFence(lines);
  if (fenced) return { kind: "rewrite", source: fenced.code, explanation: prose(lines, fenced.at) };
  return {
    kind: "none",
    reason: "the answer had no SEARCH/REPLACE block and no fenced ```typescript program; " +
      "answer in the format asked for",
  };
}

const NO_BLOCKS = "no blocks";

function parseBlocks(lines: readonly string[]): ParsedAnswer {
  const edits: SearchReplace[] = [];
  let state: "out" | "search" | "replace" = "out";
  let opened = -1;
  let firstAt = -1;
  let search: string[] = [];
  let replace: string[] = [];
  const broken = (why: string): ParsedAnswer => ({
    kind: "none",
    reason: `SEARCH/REPLACE block ${edits.length + 1} (answer line ${opened + 1}) ${why}: each ` +
      "block is <<<<<<< SEARCH, the exact current lines, =======, the new lines, >>>>>>> REPLACE",
  });
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = SEARCH.test(line)
      ? "search"
      : DIVIDER.test(line)
      ? "divider"
      : REPLACE.test(line)
      ? "replace"
      : undefined;
    if (state === "out") {
      if (marker !== "search") continue;
      [state, opened, search, replace] = ["search", i, [], []];
      if (firstAt < 0) firstAt = i;
    } else if (state === "search") {
      if (marker === "divider") state = "replace";
      else if (marker) return broken(`has a misplaced marker at answer line ${i + 1}`);
      else search.push(line);
    } else {
      if (marker === "replace") {
        edits.push({ search: search.join("\n"), replace: replace.join("\n") });
        state = "out";
      } else if (marker) return broken(`has a misplaced marker at answer line ${i + 1}`);
      else replace.push(line);
    }
  }
  if (state !== "out") return broken("is not closed (was the answer cut off by the token limit?)");
  if (edits.length === 0) return { kind: "none", reason: NO_BLOCKS };
  return { kind: "diff", edits, explanation: prose(lines, firstAt) };
}

/** The longest fenced block whose language is code, with the line its fence opens on. */
function longestCodeFence(lines: readonly string[]): { code: string; at: number } | undefined {
  let best: { code: string; at: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const close = closer(open[1]);
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j])) j++;
    // An unclosed fence (cut off by the token limit) is not a whole program.
    if (j >= lines.length) break;
    const code = lines.slice(i + 1, j).join("\n") + "\n";
    if (CODE_LANGS.has(open[2].toLowerCase()) && code.length > (best?.code.length ?? 0)) {
      best = { code, at: i };
    }
    i = j;
  }
  return best;
}

/** The prose before line `upTo`, outside any fence, collapsed to one paragraph. */
function prose(lines: readonly string[], upTo: number): string {
  const kept: string[] = [];
  let open: RegExp | undefined;
  for (const line of lines.slice(0, upTo)) {
    const fence = FENCE.exec(line);
    if (open) {
      if (open.test(line)) open = undefined;
    } else if (fence) open = closer(fence[1]);
    else kept.push(line);
  }
  return kept.join(" ").replace(/\s+/g, " ").trim();
}

/** The line that closes a fence opened with `opener` (same character, at least as many). */
function closer(opener: string): RegExp {
  return new RegExp(`^[ \\t]*${opener[0]}{${opener.length},}[ \\t]*$`);
}
