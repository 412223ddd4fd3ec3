// Owns EVOLVE-BLOCK regions: finding `// EVOLVE-BLOCK-START` ... `// EVOLVE-BLOCK-END` in a program,
// replacing one block's content, and checking that an edit stayed inside the blocks.
//
// Rules (also in docs/offline-mutation.md):
// - A marker is a whole line: optional indentation, `//`, optional spaces, then the marker word.
//   `// EVOLVE-BLOCK-START name` may carry one name token ([A-Za-z0-9_.-]); text after `END` is
//   ignored. Markers are found by line, so a marker-shaped line inside a template string counts too.
// - A block's content is everything from the line after its START marker up to (not including)
//   the line of its END marker; the marker lines themselves are outside and never evolve.
// - Blocks do not nest; names, when given, are unique.
// - A source without any marker is wholly evolvable: one unnamed block spanning the whole file.

/** One evolvable region of a program. */
export interface EvolveBlock {
  /** 0-based position among the file's blocks. */
  readonly index: number;
  /** Name given after `EVOLVE-BLOCK-START`, if any. */
  readonly name?: string;
  /** Offset of the first character of the content (start of the line after the START marker). */
  readonly start: number;
  /** Offset just past the content (start of the END marker's line). */
  readonly end: number;
  /** 1-based line of the START marker; 0 for the implicit whole-file block. */
  readonly markerLine: number;
  /** The content text, `source.slice(start, end)`. */
  readonly content: string;
}

/** The blocks of a source, or why they could not be read. */
export type BlockScan =
  | {
    readonly ok: true;
    readonly blocks: readonly EvolveBlock[];
    /** False when the source had no markers and the whole file is the one block. */
    readonly marked: boolean;
  }
  | { readonly ok: false; readonly reason: string };

/** Success, or a reason fit to show a user or an LLM. */
export type BlockCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** The result of replacing a block's content. */
export type BlockReplace =
  | { readonly ok: true; readonly source: string }
  | { readonly ok: false; readonly reason: string };

const MARKER = /^[ \t]*\/\/[ \t]*EVOLVE-BLOCK-(START|END)\b(?:[ \t]+([A-Za-z0-9_.-]+))?/;

/** Finds the EVOLVE-BLOCK regions of `source`; a source without markers is one whole-file block. */
export function findBlocks(source: string): BlockScan {
  return scanBlocks(source, "");
}

/** `findBlocks`, with `where` ("the edited program, ") put before each reason's line number. */
function scanBlocks(source: string, where: string): BlockScan {
  const reject = (reason: string) => fail(where + reason);
  const blocks: EvolveBlock[] = [];
  const names = new Set<string>();
  let open: { line: number; start: number; name?: string } | undefined;
  let offset = 0;
  let line = 0;
  while (offset < source.length) {
    line++;
    const newline = source.indexOf("\n", offset);
    const next = newline === -1 ? source.length : newline + 1;
    const match = MARKER.exec(source.slice(offset, next));
    if (match?.[1] === "START") {
      if (open) {
        return reject(
          `line ${line}: EVOLVE-BLOCK-START inside the block opened at line ${open.line}; ` +
            `close that block with // EVOLVE-BLOCK-END first (blocks do not nest)`,
        );
      }
      const name = match[2];
      if (name !== undefined && names.has(name)) {
        return reject(
          `line ${line}: a second EVOLVE-BLOCK named "${name}"; give each block its own name`,
        );
      }
      if (name !== undefined) names.add(name);
      open = { line, start: next, name };
    } else if (match?.[1] === "END") {
      if (!open) {
        return reject(`line ${line}: EVOLVE-BLOCK-END without an open EVOLVE-BLOCK-START above it`);
      }
      blocks.push({
        index: blocks.length,
        ...(open.name === undefined ? {} : { name: open.name }),
        start: open.start,
        end: offset,
        markerLine: open.line,
        content: source.slice(open.start, offset),
      });
      open = undefined;
    }
    offset = next;
  }
  if (open) {
    return reject(`line ${open.line}: EVOLVE-BLOCK-START is never closed; add // EVOLVE-BLOCK-END`);
  }
  if (blocks.length === 0) {
    return {
      ok: true,
      marked: false,
      blocks: [{ index: 0, start: 0, end: source.length, markerLine: 0, content: source }],
    };
  }
  return { ok: true, marked: true, blocks };
}

/** The key that matches a block across programs: its name, else `#<index>`. */
export function blockKey(block: EvolveBlock): string {
  return block.name ?? `#${block.index}`;
}

/** True when the range [start, end) lies within the content of one block. */
export function isInsideBlock(blocks: readonly EvolveBlock[], start: number, end: number): boolean {
  return blocks.some((b) => b.start <= start && end <= b.end);
}

/** Replaces the content of the block with the given key (name or `#index`) or index. */
export function replaceBlock(source: string, key: string | number, content: string): BlockReplace {
  const scan = findBlocks(source);
  if (!scan.ok) return scan;
  const block = scan.blocks.find((b) =>
    typeof key === "number" ? b.index === key : blockKey(b) === key
  );
  if (!block) {
    const known = scan.blocks.map(blockKey).join(", ");
    return fail(`no EVOLVE-BLOCK "${key}" in the program; its blocks are: ${known}`);
  }
  // The END marker must stay on its own line, so non-empty content ends with a newline.
  const text = scan.marked && content !== "" && !content.endsWith("\n") ? content + "\n" : content;
  const out = source.slice(0, block.start) + text + source.slice(block.end);
  const after = findBlocks(out);
  if (!after.ok || after.blocks.length !== scan.blocks.length) {
    return fail(`the new content of block "${key}" contains EVOLVE-BLOCK markers; remove them`);
  }
  return { ok: true, source: out };
}

/** Checks that `after` differs from `before` only inside `before`'s EVOLVE-BLOCK contents. */
export function editsOnlyInsideBlocks(before: string, after: string): BlockCheck {
  const was = scanBlocks(before, "the original program, ");
  if (!was.ok) return was;
  const now = scanBlocks(after, "the edited program, ");
  if (!now.ok) return now;
  if (!was.marked) {
    return now.marked
      ? fail("the edit added EVOLVE-BLOCK markers to a program that had none; leave markers alone")
      : { ok: true };
  }
  if (now.blocks.length !== was.blocks.length) {
    return fail(
      `the edit changed the number of EVOLVE-BLOCKs from ${was.blocks.length} to ` +
        `${now.blocks.length}; edit only between the markers and keep every marker line`,
    );
  }
  const outsideBefore = outside(before, was.blocks);
  const outsideAfter = outside(after, now.blocks);
  for (let i = 0; i < outsideBefore.length; i++) {
    if (outsideBefore[i].text !== outsideAfter[i].text) {
      const line = firstDifferentLine(outsideBefore[i], outsideAfter[i], after);
      return fail(
        `the edit changed line ${line} outside the EVOLVE-BLOCKs; ` +
          `only code between // EVOLVE-BLOCK-START and // EVOLVE-BLOCK-END may change`,
      );
    }
  }
  return { ok: true };
}

interface Segment {
  readonly offset: number;
  readonly text: string;
}

/** The text between blocks (markers included), in order: one more segment than blocks. */
function outside(source: string, blocks: readonly EvolveBlock[]): Segment[] {
  const segments: Segment[] = [];
  let from = 0;
  for (const b of blocks) {
    segments.push({ offset: from, text: source.slice(from, b.start) });
    from = b.end;
  }
  segments.push({ offset: from, text: source.slice(from) });
  return segments;
}

/** 1-based line in `after` where segment `b` first departs from segment `a`. */
function firstDifferentLine(a: Segment, b: Segment, after: string): number {
  let i = 0;
  while (i < a.text.length && i < b.text.length && a.text[i] === b.text[i]) i++;
  const upTo = after.slice(0, b.offset + i);
  return upTo.split("\n").length;
}

function fail(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason: `EVOLVE-BLOCK: ${reason}` };
}
