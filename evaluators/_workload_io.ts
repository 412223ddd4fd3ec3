// Owns workload file I/O that problem modules share: gzipped JSON (readable with `zcat f | jq`) and
// writing a generated set of files into a directory without leaving stale ones behind.
import { join } from "node:path";

/** Serialises `value` to gzipped JSON; equal values give byte-identical output. */
export async function encodeJsonGz(value: unknown): Promise<Uint8Array> {
  const json = new Blob([JSON.stringify(value)]).stream();
  const gz = json.pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(gz).arrayBuffer());
}

/**
 * Parses gzipped JSON. Throws an Error saying which step failed ("not a gzip file", "not JSON"),
 * for the caller to prefix with the file name and what to do.
 */
export async function decodeJsonGz(bytes: Uint8Array): Promise<unknown> {
  let text: string;
  try {
    const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
    text = await new Response(body.pipeThrough(new DecompressionStream("gzip"))).text();
  } catch (cause) {
    throw new Error(`not a gzip file (${(cause as Error).message})`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new Error(`not JSON (${(cause as Error).message})`, { cause });
  }
}

/** A decoded workload file's top-level object, and a `fail` that names the file and the fix. */
export interface OpenedWorkload {
  readonly record: Record<string, unknown>;
  /** Throws an Error naming the problem module, the file, and how to regenerate it. */
  readonly fail: (problem: string) => never;
}

/**
 * Decodes a gzipped-JSON workload file of `problem` and checks it is an object tagged `format`.
 * Every error reads `evaluators/<problem>: workload <name>: <what>; regenerate it with ...`.
 */
export async function openWorkloadFile(
  bytes: Uint8Array,
  name: string,
  problem: string,
  format: string,
): Promise<OpenedWorkload> {
  const fail = (what: string): never => {
    throw new Error(
      `evaluators/${problem}: workload ${name}: ${what}; regenerate it with ` +
        `\`deno task workloads specs/${problem}.yaml\``,
    );
  };
  let data: unknown;
  try {
    data = await decodeJsonGz(bytes);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (typeof data !== "object" || data === null) return fail("expected a JSON object");
  const record = data as Record<string, unknown>;
  if (record.format !== format) {
    return fail(`format is ${String(record.format)}, expected ${format}`);
  }
  return { record, fail };
}

/**
 * Writes `files` to `dir` as `<prefix>-<i>.json.gz`, first removing every `<prefix>-<n>.json.gz`
 * already there (a bigger earlier set would otherwise still be scored); other files stay.
 */
export async function writeWorkloadSet(
  dir: string,
  prefix: string,
  files: readonly Uint8Array[],
): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  const ours = new RegExp(`^${prefix}-\\d+\\.json\\.gz$`);
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && ours.test(entry.name)) await Deno.remove(join(dir, entry.name));
  }
  for (const [i, bytes] of files.entries()) {
    await Deno.writeFile(join(dir, `${prefix}-${i}.json.gz`), bytes);
  }
}
