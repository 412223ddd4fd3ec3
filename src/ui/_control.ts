// Owns the control endpoint: a POST from a page of this server becomes a steer event in the run's
// database through `sendControl`, exactly as `deno task steer` writes it for the engine to poll.
import { parseControlCommand, sendControl } from "../evolve/engine/control.ts";
import type { Store } from "../evolve/database/store.ts";
import { controlRefusal } from "./_security.ts";
import { errorResponse, jsonResponse, redirect } from "./_respond.ts";
import type { RunEntry } from "./data/runs.ts";
import { runPath } from "./pages/_parts.ts";

/** Largest control body accepted (an injected program with room to spare). */
export const MAX_CONTROL_BYTES = 1 << 20;

/** Handles `POST /runs/<run>/control` for `run`; `open` opens its store once the POST is valid. */
export async function handleControl(
  req: Request,
  run: RunEntry,
  controlToken: string,
  open: () => Store,
): Promise<Response> {
  let fields: Record<string, string>;
  try {
    fields = await readFields(req);
  } catch (e) {
    return errorResponse(req, (e as { status?: number }).status ?? 400, (e as Error).message);
  }
  const refusal = controlRefusal(req, fields.token ?? null, controlToken);
  if (refusal) return errorResponse(req, 403, `ui control: ${refusal}`);
  const { token: _token, ...command } = fields;
  const parsed = parseControlCommand(
    command.description === "" ? { ...command, description: undefined } : command,
  );
  if (typeof parsed === "string") return errorResponse(req, 400, `ui control: ${parsed}`);
  const store = open();
  let eventId: number;
  try {
    eventId = sendControl(store, parsed).id;
  } finally {
    store.close();
  }
  if ((req.headers.get("accept") ?? "").includes("application/json")) {
    return jsonResponse({ ok: true, kind: parsed.kind, eventId });
  }
  return redirect(`${runPath(run.name)}?sent=${parsed.kind}#steer`);
}

class BodyError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** The form (urlencoded or multipart) or JSON object fields of `req`, read up to the size cap. */
async function readFields(req: Request): Promise<Record<string, string>> {
  const type = req.headers.get("content-type") ?? "";
  const bytes = await readLimited(req);
  if (type.startsWith("application/json")) {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      throw new BodyError(400, "ui control: the body is not valid JSON");
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new BodyError(400, "ui control: the JSON body must be an object");
    }
    return Object.fromEntries(
      Object.entries(value).filter(([, v]) => typeof v === "string"),
    ) as Record<string, string>;
  }
  if (
    !type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")
  ) {
    throw new BodyError(415, "ui control: send a form or a JSON object");
  }
  const form = await new Response(bytes, { headers: { "content-type": type } }).formData();
  const fields: Record<string, string> = {};
  for (const [k, v] of form) if (typeof v === "string") fields[k] = v;
  return fields;
}

async function readLimited(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_CONTROL_BYTES) throw new BodyError(413, "ui control: body too large");
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body ?? new ReadableStream<Uint8Array>()) {
    size += chunk.byteLength;
    if (size > MAX_CONTROL_BYTES) throw new BodyError(413, "ui control: body too large");
    chunks.push(chunk);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
