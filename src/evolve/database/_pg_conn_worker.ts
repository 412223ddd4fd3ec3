// Owns the thread side of the synchronous PostgreSQL connection: one `pg` client that runs the
// statements the store's thread sends, reconnecting (outside a transaction) when the server went
// away, so a restarted PostgreSQL costs a run nothing but a wait.
import { workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import pg from "pg";
import type { ConnRequest, ConnResponse } from "./_pg_conn.ts";

const { url, schema, create, port, flag, reconnectMs } = workerData as {
  url: string;
  schema: string;
  create: boolean;
  port: MessagePort;
  flag: Int32Array;
  reconnectMs: number;
};

// int8 (seeds, counts) as numbers: the records hold numbers, and none reaches 2^53.
pg.types.setTypeParser(20, Number);

let client: pg.Client | undefined;
let inTransaction = false;

/** SQLSTATE classes and socket errors that mean "the server is gone", not "the statement is bad". */
function isConnectionLost(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? "";
  return code.startsWith("08") || code === "57P01" || code === "57P02" || code === "57P03" ||
    code === "ECONNREFUSED" || code === "ECONNRESET" || code === "EPIPE" ||
    /Connection terminated|not queryable|ECONNREFUSED/.test(err.message ?? "");
}

async function connect(): Promise<pg.Client> {
  const c = new pg.Client({
    connectionString: url,
    // Every statement of this connection addresses the run's own schema.
    options: `-c search_path=${schema}`,
  });
  // A dropped connection emits "error"; the next statement notices and reconnects.
  c.on("error", () => {
    if (client === c) client = undefined;
  });
  await c.connect();
  if (create) await c.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  return c;
}

/** Connects, retrying while the server is unreachable for at most `reconnectMs`. */
async function ensureClient(): Promise<pg.Client> {
  const deadline = Date.now() + reconnectMs;
  for (let wait = 50;; wait = Math.min(wait * 2, 1000)) {
    try {
      client ??= await connect();
      return client;
    } catch (e) {
      client = undefined;
      if (!isConnectionLost(e) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function run(req: ConnRequest): Promise<ConnResponse> {
  if (req.op === "close") {
    await client?.end().catch(() => {});
    client = undefined;
    return { rows: [], rowCount: 0 };
  }
  for (let attempt = 0;; attempt++) {
    try {
      const c = await ensureClient();
      const r = await c.query(req.sql, req.params);
      if (/^\s*BEGIN/i.test(req.sql)) inTransaction = true;
      if (/^\s*(COMMIT|ROLLBACK)/i.test(req.sql)) inTransaction = false;
      return { rows: r.rows, rowCount: r.rowCount ?? 0 };
    } catch (e) {
      // A statement inside a transaction cannot be replayed alone: its transaction is lost, and
      // the caller's rollback decides. Outside one, the statement runs again on a new connection.
      const lost = isConnectionLost(e);
      if (lost) client = undefined;
      if (lost && !inTransaction && attempt === 0) continue;
      if (lost) inTransaction = false;
      const err = e as { message?: string; code?: string };
      return { error: { message: err.message ?? String(e), code: err.code } };
    }
  }
}

port.on("message", async (req: ConnRequest) => {
  const response = await run(req);
  port.postMessage(response);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
