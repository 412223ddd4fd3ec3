// Owns the EPLB workload file format: one cluster shape plus a load history, stored as gzipped
// JSON (readable with `zcat file | jq`): windows are stored once, not once per case they serve.

/** Format tag written into every file; bump when the layout changes. */
export const WORKLOAD_FORMAT = "eplb-workload/1";

/** One workload: a cluster shape and per-window expert loads `loads[window][layer][expert]`. */
export interface EplbWorkload {
  readonly format: typeof WORKLOAD_FORMAT;
  /** What the trace models (regime, burstiness); shown in docs, ignored by the evaluator. */
  readonly note: string;
  readonly numReplicas: number;
  readonly numGroups: number;
  readonly numNodes: number;
  readonly numGpus: number;
  readonly loads: number[][][];
}

/** Serialises `workload` to gzipped JSON; equal workloads give byte-identical output. */
export async function encodeWorkload(workload: EplbWorkload): Promise<Uint8Array> {
  const gz = new Blob([JSON.stringify(workload)]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return new Uint8Array(await new Response(gz).arrayBuffer());
}

/**
 * Parses a workload file; `name` appears in error messages. Only the container is checked here
 * (gzip, JSON, the format tag): the cases built from it are held to the spec's input schema and
 * `assume`s by specevolve, like every other workload case.
 */
export async function decodeWorkload(bytes: Uint8Array, name: string): Promise<EplbWorkload> {
  const fail = (what: string): never => {
    throw new Error(
      `evaluators/eplb: workload ${name}: ${what}; regenerate it with ` +
        "`deno task workloads specs/eplb.yaml`",
    );
  };
  let data: unknown;
  try {
    const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
    data = JSON.parse(await new Response(body.pipeThrough(new DecompressionStream("gzip"))).text());
  } catch (e) {
    return fail(`not gzipped JSON (${(e as Error).message})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (format !== WORKLOAD_FORMAT) {
    return fail(`format is ${String(format)}, expected ${WORKLOAD_FORMAT}`);
  }
  return data as EplbWorkload;
}
