// Owns reading the built-in workload formats: JSON (a list of cases), JSON Lines (a case per line)
// and CSV (a case per row, typed by the input schema), each optionally gzipped.
import { parse as parseCsv } from "csv-parse/sync";
import type { JsonSchema } from "../spec/types.ts";
import { SpecError } from "../errors/mod.ts";

/** A case as read from a file, before it is held to the spec, and where it stands in the file. */
export interface RawCase {
  readonly value: unknown;
  /** 1-based line of the case (JSON Lines, CSV), when known. */
  readonly line?: number;
  /** JSON pointer of the case in the file's data (JSON), e.g. `/3` or `/cases/3`. */
  readonly pointer: string;
}

/** The formats specevolve reads itself, by file-name ending (each also with `.gz`). */
export const BUILTIN_EXTENSIONS = [".json", ".jsonl", ".ndjson", ".csv"] as const;

/** True when specevolve reads `name` itself (`.json`, `.jsonl`, `.ndjson`, `.csv`, + `.gz`). */
export function isBuiltinFormat(name: string): boolean {
  return formatOf(name) !== undefined;
}

function formatOf(name: string): "json" | "jsonl" | "csv" | undefined {
  const base = name.toLowerCase().replace(/\.gz$/, "");
  if (base.endsWith(".json")) return "json";
  if (base.endsWith(".jsonl") || base.endsWith(".ndjson")) return "jsonl";
  if (base.endsWith(".csv")) return "csv";
  return undefined;
}

/** A spec error located in the workload file at `path` (the data is at fault, not specevolve). */
export function fault(path: string, message: string, line?: number, column?: number): SpecError {
  return new SpecError([{
    file: path,
    ...(line === undefined ? {} : { line, column: column ?? 1 }),
    pointer: "",
    message: `workload file ${message}`,
  }]);
}

/** The file's text, gunzipped when it starts with the gzip magic bytes. */
export async function fileText(path: string, bytes: Uint8Array): Promise<string> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
  try {
    const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
    return await new Response(body.pipeThrough(new DecompressionStream("gzip"))).text();
  } catch (e) {
    throw fault(path, `is not a valid gzip file (${(e as Error).message})`);
  }
}

/** The cases of a built-in-format file; throws WorkloadFault with a position when malformed. */
export function decodeCases(path: string, text: string, input: JsonSchema): RawCase[] {
  switch (formatOf(path)) {
    case "json":
      return jsonCases(path, text);
    case "jsonl":
      return jsonLinesCases(path, text);
    case "csv":
      return csvCases(path, text, input);
    default:
      throw fault(
        path,
        `is not in a format specevolve reads (${BUILTIN_EXTENSIONS.join(", ")}, each ` +
          "optionally .gz); rename it, or name a `workloads.cases` function that reads it",
      );
  }
}

function parseJson(path: string, text: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const [line, column] = jsonErrorPosition(text, message);
    throw fault(path, `is not valid JSON (${message})`, line + lineOffset, column);
  }
}

// V8 names the position ("at position 15 (line 1 column 16)") or, for truncated text, none.
function jsonErrorPosition(text: string, message: string): [number, number] {
  const at = /line (\d+) column (\d+)/.exec(message);
  if (at) return [Number(at[1]), Number(at[2])];
  const pos = /position (\d+)/.exec(message);
  const offset = pos ? Number(pos[1]) : text.length;
  const before = text.slice(0, offset).split("\n");
  return [before.length, before[before.length - 1].length + 1];
}

function jsonCases(path: string, text: string): RawCase[] {
  const data = parseJson(path, text);
  if (Array.isArray(data)) return data.map((value, i) => ({ value, pointer: `/${i}` }));
  const cases = (data as { cases?: unknown } | null)?.cases;
  if (Array.isArray(cases)) return cases.map((value, i) => ({ value, pointer: `/cases/${i}` }));
  throw fault(
    path,
    'must hold a JSON list of cases, or an object whose "cases" is that list ' +
      '(each case { "input": ..., "context": ... })',
    1,
    1,
  );
}

function jsonLinesCases(path: string, text: string): RawCase[] {
  const cases: RawCase[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    cases.push({ value: parseJson(path, line, i), line: i + 1, pointer: "" });
  });
  return cases;
}

type CsvRow = { record: Record<string, string>; info: { lines: number } };

function csvCases(path: string, text: string, input: JsonSchema): RawCase[] {
  const properties = typeof input === "object"
    ? (input.properties ?? {}) as Record<string, JsonSchema>
    : {};
  if (Object.keys(properties).length === 0) {
    throw fault(
      path,
      "is CSV, which needs an object `input` with `properties` (a column per property); " +
        "use JSON or JSON Lines for other inputs",
    );
  }
  let rows: CsvRow[];
  try {
    rows = parseCsv(text, { columns: true, info: true, skip_empty_lines: true, trim: true });
  } catch (e) {
    const { lines, column } = e as { lines?: number; column?: number };
    throw fault(path, `is not valid CSV (${(e as Error).message})`, lines, column);
  }
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0].record).map((header, index) => {
    const [where, field] = header.startsWith("context.")
      ? ["context", header.slice("context.".length)] as const
      : ["input", header.replace(/^input\./, "")] as const;
    if (where === "input" && !(field in properties)) {
      throw fault(
        path,
        `column \`${header}\` names no property of \`input\` (${
          Object.keys(properties).join(", ")
        }); rename it, or prefix it with \`context.\` for trusted context`,
        1,
        index + 1,
      );
    }
    return { header, where, field, schema: where === "input" ? properties[field] : undefined };
  });
  return rows.map(({ record, info }) => {
    const value: { input: Record<string, unknown>; context?: Record<string, unknown> } = {
      input: {},
    };
    for (const column of columns) {
      const cell = record[column.header];
      if (cell === "" || cell === undefined) continue; // an absent optional field
      const target = column.where === "input" ? value.input : (value.context ??= {});
      target[column.field] = typedCell(path, cell, column.schema, info.lines, column.header);
    }
    return { value, line: info.lines, pointer: "" };
  });
}

/** A CSV cell as the type its input property's schema gives (JSON for lists and objects). */
function typedCell(
  path: string,
  cell: string,
  schema: JsonSchema | undefined,
  line: number,
  header: string,
): unknown {
  const types = schemaTypes(schema);
  if (types.includes("string")) return cell;
  if (types.includes("number") || types.includes("integer")) {
    const n = Number(cell);
    if (Number.isNaN(n)) {
      throw fault(path, `column \`${header}\`: \`${cell}\` is not a number`, line);
    }
    return n;
  }
  if (types.includes("boolean") && (cell === "true" || cell === "false")) return cell === "true";
  try {
    return JSON.parse(cell);
  } catch {
    // Context columns have no schema: a cell that is not JSON is kept as text.
    if (schema === undefined) return cell;
    throw fault(path, `column \`${header}\`: \`${cell}\` is not JSON`, line);
  }
}

function schemaTypes(schema: JsonSchema | undefined): string[] {
  if (typeof schema !== "object") return [];
  const type = schema.type;
  if (Array.isArray(type)) return type as string[];
  if (typeof type === "string") return [type];
  if (schema.enum || schema.const !== undefined) {
    const values = (schema.enum as unknown[] | undefined) ?? [schema.const];
    return [...new Set(values.map((v) => (typeof v === "number" ? "number" : typeof v)))];
  }
  return [];
}
