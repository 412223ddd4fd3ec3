// Owns turning a parsed answer into a new program: applying SEARCH/REPLACE edits (exact, then
// whitespace-tolerant), taking full rewrites, and refusing any change outside the EVOLVE-BLOCKs.
import {
  editsOnlyInsideBlocks,
  type EvolveBlock,
  findBlocks,
  isInsideBlock,
} from "../source/blocks.ts";
import type { ParsedAnswer, SearchReplace } from "./diff.ts";

/** The new program, or why there is none (fit to feed back to the model). */
export type Applied =
  | { readonly ok: true; readonly source: string }
  | { readonly ok: false; readonly reason: string };

/** Applies a diff or rewrite to `parent` and checks that only EVOLVE-BLOCK contents changed. */
export function applyAnswer(parent: string, answer: ParsedAnswer): Applied {
  if (answer.kind === "none") return { ok: false, reason: answer.reason };
  const made = answer.kind === "diff"
    ? applyEdits(parent, answer.edits)
    : { ok: true as const, source: spliceRewrite(parent, answer.source) };
  if (!made.ok) return made;
  if (made.source === parent) {
    return { ok: false, reason: "the proposal changes nothing; propose an actual change" };
  }
  const inside = editsOnlyInsideBlocks(parent, made.source);
  return inside.ok ? made : { ok: false, reason: inside.reason };
}

/** Applies edits in order, each to the result of the previous one. */
export function applyEdits(source: string, edits: readonly SearchReplace[]): Applied {
  let out = source;
  for (const [n, edit] of edits.entries()) {
    const step = applyEdit(out, edit, n + 1);
    if (!step.ok) return step;
    out = step.source;
  }
  return { ok: true, source: out };
}

/** Whitespace-only differences are forgiven: indentation, trailing spaces, runs of spaces. */
const normalize = (line: string) => line.trim().replace(/\s+/g, " ");
const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

function applyEdit(source: string, edit: SearchReplace, n: number): Applied {
  const lines = source.split("\n");
  const search = trimBlankEnds(edit.search.split("\n"));
  if (search.length === 0) {
    return {
      ok: false,
      reason: `SEARCH/REPLACE block ${n}: the SEARCH part is empty; quote the lines to replace`,
    };
  }
  let at = windows(lines, search, (a, b) => a === b);
  let tolerant = false;
  if (at.length === 0) {
    const wanted = search.map(normalize);
    at = windows(lines.map(normalize), wanted, (a, b) => a === b);
    tolerant = true;
  }
  if (at.length === 0) {
    const first = search.find((l) => l.trim())!.trim();
    return {
      ok: false,
      reason: `SEARCH/REPLACE block ${n} does not match the current program (its first line ` +
        `"${first.slice(0, 80)}" is not followed by the rest as written); copy the SEARCH lines ` +
        "exactly from the current program",
    };
  }
  const start = preferInsideBlocks(source, lines, at, search.length);
  let replacement = edit.replace === "" ? [] : edit.replace.split("\n");
  if (tolerant) replacement = reindent(replacement, search, lines.slice(start));
  const out = [...lines.slice(0, start), ...replacement, ...lines.slice(start + search.length)];
  return { ok: true, source: out.join("\n") };
}

/** Start lines where `needle` occurs in `hay` line by line. */
function windows(
  hay: readonly string[],
  needle: readonly string[],
  eq: (a: string, b: string) => boolean,
): number[] {
  const found: number[] = [];
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((l, k) => eq(hay[i + k], l))) found.push(i);
  }
  return found;
}

/** Of several matches, the first lying inside an EVOLVE-BLOCK, else the first. */
function preferInsideBlocks(
  source: string,
  lines: readonly string[],
  starts: readonly number[],
  length: number,
): number {
  if (starts.length === 1) return starts[0];
  const scan = findBlocks(source);
  const blocks: readonly EvolveBlock[] = scan.ok ? scan.blocks : [];
  const offsets = [0];
  for (const l of lines) offsets.push(offsets[offsets.length - 1] + l.length + 1);
  return starts.find((s) => isInsideBlock(blocks, offsets[s], offsets[s + length] - 1)) ??
    starts[0];
}

/** Shifts the replacement by the indentation the tolerant match found in the program. */
function reindent(
  replacement: string[],
  search: readonly string[],
  matched: readonly string[],
): string[] {
  const k = search.findIndex((l) => l.trim());
  const [from, to] = [indentOf(search[k]), indentOf(matched[k])];
  if (from === to) return replacement;
  return replacement.map((line) => {
    if (!line.trim()) return line;
    if (line.startsWith(from)) return to + line.slice(from.length);
    return to.startsWith(from) ? to.slice(from.length) + line : line;
  });
}

function trimBlankEnds(lines: string[]): string[] {
  let [a, b] = [0, lines.length];
  while (a < b && !lines[a].trim()) a++;
  while (b > a && !lines[b - 1].trim()) b--;
  return lines.slice(a, b);
}

/**
 * A rewrite that only re-spaced the code outside the blocks keeps the parent's outside text, with
 * the rewrite's block contents put in; any other rewrite is returned as is (and checked later).
 */
function spliceRewrite(parent: string, rewrite: string): string {
  const text = parent.endsWith("\n") && !rewrite.endsWith("\n") ? rewrite + "\n" : rewrite;
  const [was, now] = [findBlocks(parent), findBlocks(text)];
  if (!was.ok || !now.ok || !was.marked || !now.marked) return text;
  if (was.blocks.length !== now.blocks.length) return text;
  const [outBefore, outAfter] = [outside(parent, was.blocks), outside(text, now.blocks)];
  const same = outBefore.every((seg, i) =>
    trimBlankEnds(seg.split("\n")).map(normalize).join("\n") ===
      trimBlankEnds(outAfter[i].split("\n")).map(normalize).join("\n")
  );
  if (!same) return text;
  let out = outBefore[0];
  for (const [i, block] of now.blocks.entries()) out += block.content + outBefore[i + 1];
  return out;
}

/** The text around the blocks, markers included: one more segment than blocks. */
function outside(source: string, blocks: readonly EvolveBlock[]): string[] {
  const segments: string[] = [];
  let from = 0;
  for (const b of blocks) {
    segments.push(source.slice(from, b.start));
    from = b.end;
  }
  segments.push(source.slice(from));
  return segments;
}
