// Owns reading a spec's YAML with source positions: parse, locate a JSON pointer, and map an
// offset inside a scalar's value back to the file position it came from.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Range,
  Scalar,
} from "yaml";
import type { SpecIssue } from "../errors/mod.ts";
import type { SourceLocation } from "./types.ts";

/** A parsed spec file that can say where any of its values came from. */
export interface YamlSource {
  readonly file: string;
  readonly text: string;
  /** The document as plain JSON-like data. */
  readonly data: unknown;
  /** Where the value at `pointer` starts (or its key, or the nearest existing ancestor). */
  locate(pointer: string, part?: "key" | "value"): SourceLocation;
  /** Where the character at `offset` of the string value at `pointer` stands in the file. */
  locateInScalar(pointer: string, offset: number): SourceLocation;
}

/** Splits a JSON pointer into unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** Joins segments into a JSON pointer. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => "/" + String(s).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
}

/** Parses `text`; YAML syntax errors come back as located issues and no source. */
export function parseYaml(
  file: string,
  text: string,
): { source?: YamlSource; issues: SpecIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line: Math.max(line, 1), column: Math.max(col, 1) };
  };
  if (doc.errors.length > 0) {
    // yaml can report one fault twice (once per enclosing collection); keep one of each.
    const seen = new Set<string>();
    const issues = doc.errors.map((e) => ({
      ...at(e.pos[0]),
      pointer: "",
      message: `YAML syntax error (${e.code}): ${firstLine(e.message)}; fix the YAML syntax`,
    })).filter((i) => {
      const key = `${i.line}:${i.column}:${i.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
    return { issues };
  }
  const resolve = (node: unknown): unknown => isAlias(node) ? node.resolve(doc) : node;

  // Walks the document along the pointer, keeping the deepest key and value nodes found.
  const walk = (pointer: string): { key?: Node; value?: Node; complete: boolean } => {
    let value = resolve(doc.contents) as Node | undefined;
    let key: Node | undefined;
    for (const seg of pointerSegments(pointer)) {
      const node = resolve(value);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
        if (!pair) return { key, value, complete: false };
        key = pair.key as Node;
        value = (resolve(pair.value) ?? undefined) as Node | undefined;
        if (value === undefined || value.range == null) value = key;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        if (item === undefined || !/^\d+$/.test(seg)) return { key, value, complete: false };
        key = undefined;
        value = resolve(item) as Node;
      } else {
        return { key, value, complete: false };
      }
    }
    return { key, value, complete: true };
  };
  const startOf = (node: Node | undefined): number => node?.range?.[0] ?? 0;

  const source: YamlSource = {
    file,
    text,
    data: doc.toJS({ maxAliasCount: 1000 }),
    locate(pointer, part = "value") {
      const { key, value, complete } = walk(pointer);
      if (part === "key" && complete && key) return at(startOf(key));
      return at(startOf(value));
    },
    locateInScalar(pointer, offset) {
      const { value, complete } = walk(pointer);
      if (!complete || !isScalar(value) || !value.range) return at(startOf(value));
      return at(scalarOffset(text, value, value.range, offset));
    },
  };
  return { source, issues: [] };
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

// YAML folds, indents and escapes scalar text, so the value is not a slice of the file. A greedy
// alignment of the value's non-blank characters with the source text recovers positions for
// plain, quoted and block scalars alike; written by hand because yaml keeps no such map.
function scalarOffset(text: string, node: Scalar, range: Range, offset: number): number {
  const value = String(node.value);
  let j = range[0];
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    const nl = text.indexOf("\n", j);
    j = nl < 0 ? range[1] : nl + 1;
  } else if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    j += 1;
  }
  let last = j;
  for (let i = 0; i < value.length && i <= offset; i++) {
    const c = value[i];
    if (/\s/.test(c)) continue;
    const found = text.indexOf(c, j);
    if (found < 0 || found >= range[1]) return i === 0 ? range[0] : last;
    last = found;
    j = found + 1;
    if (i === offset) return found;
  }
  return last;
}
