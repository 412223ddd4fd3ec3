// Owns writing workload files in the built-in formats, so generators (trusted `GenerateFn`s and
// the declarative `workloads.generate` block) write what the loader reads, byte-identical per seed.
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { WorkloadCase } from "../evaluate/types.ts";

/** One workload file's content: its cases and an optional note on what they model. */
export interface CaseFile {
  /** What the cases model (e.g. "nearly sorted"); kept in JSON files, ignored by the evaluator. */
  readonly note?: string;
  readonly cases: readonly WorkloadCase[];
}

/** A built-in workload format. */
export type CaseFormat = "json" | "jsonl" | "csv";

export interface WriteCaseOptions {
  /** @default "json" */
  readonly format?: CaseFormat;
  /** Gzip the file (and add `.gz` to its name). @default true for json and jsonl, false for csv */
  readonly gzip?: boolean;
}

/** The bytes of `file` in `format`; equal content gives byte-identical output. */
export async function encodeCaseFile(
  file: CaseFile,
  options: WriteCaseOptions = {},
): Promise<Uint8Array> {
  const { format, gzip } = resolveWriteOptions(options);
  const text = format === "json"
    ? JSON.stringify(file.note === undefined ? file.cases : { note: file.note, cases: file.cases })
    : format === "jsonl"
    ? file.cases.map((c) => JSON.stringify(c) + "\n").join("")
    : csvText(file.cases);
  const bytes = new TextEncoder().encode(text);
  if (!gzip) return bytes;
  const gz = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(gz).arrayBuffer());
}

/** The file-name ending of `options`' format, e.g. `.json.gz`. */
export function caseFileExtension(options: WriteCaseOptions = {}): string {
  const { format, gzip } = resolveWriteOptions(options);
  return `.${format}${gzip ? ".gz" : ""}`;
}

/**
 * Writes `files` into `dir` as `<prefix>-<name><ext>`, replacing the set written before (see
 * `replaceWorkloadFiles`). Returns the paths written.
 */
export async function writeCaseSet(
  dir: string,
  prefix: string,
  files: readonly (readonly [name: string, file: CaseFile])[],
  options: WriteCaseOptions = {},
): Promise<string[]> {
  const ext = caseFileExtension(options);
  const encoded = await Promise.all(
    files.map(async ([name, file]) =>
      [`${name}${ext}`, await encodeCaseFile(file, options)] as const
    ),
  );
  return await replaceWorkloadFiles(dir, prefix, encoded);
}

/**
 * Writes already-encoded files (a problem's own trace format, say) into `dir` as
 * `<prefix>-<name>`, first removing every `<prefix>-*` workload file already there: a bigger
 * earlier set would otherwise still be scored. Other files stay. Returns the paths written.
 */
export async function replaceWorkloadFiles(
  dir: string,
  prefix: string,
  files: readonly (readonly [name: string, bytes: Uint8Array])[],
): Promise<string[]> {
  await Deno.mkdir(dir, { recursive: true });
  const stale = new RegExp(`^${prefix}-[^/]+\\.(json|jsonl|ndjson|csv)(\\.gz)?$`);
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && stale.test(entry.name)) await Deno.remove(join(dir, entry.name));
  }
  const paths: string[] = [];
  for (const [name, bytes] of files) {
    const path = join(dir, `${prefix}-${name}`);
    await Deno.writeFile(path, bytes);
    paths.push(path);
  }
  return paths;
}

function resolveWriteOptions(options: WriteCaseOptions): Required<WriteCaseOptions> {
  const format = options.format ?? "json";
  return { format, gzip: options.gzip ?? format !== "csv" };
}

/** CSV with a column per input field and `context.<key>` per context field; lists as JSON. */
function csvText(cases: readonly WorkloadCase[]): string {
  const inputKeys = unionKeys(cases.map((c) => c.input));
  const contextKeys = unionKeys(cases.map((c) => c.context));
  const cell = (v: unknown) =>
    v === undefined ? "" : typeof v === "object" && v !== null ? JSON.stringify(v) : v;
  const rows = cases.map((c) => [
    ...inputKeys.map((k) => cell(c.input[k])),
    ...contextKeys.map((k) => cell((c.context as Record<string, unknown> | undefined)?.[k])),
  ]);
  return stringify([[...inputKeys, ...contextKeys.map((k) => `context.${k}`)], ...rows]);
}

function unionKeys(values: readonly unknown[]): string[] {
  const keys = new Set<string>();
  for (const v of values) {
    if (v !== null && typeof v === "object") Object.keys(v).forEach((k) => keys.add(k));
  }
  return [...keys];
}
