// Owns the synchronous PostgreSQL connection the store needs: the Store interface is synchronous
// (as node:sqlite is), and `pg` is asynchronous, so a worker thread holds the client and this
// thread blocks on an Atomics flag until the answer is posted (~0.4 ms a statement measured here).
// Hand-written because no kept npm package offers a synchronous PostgreSQL client without a native
// build (pg-native needs libpq headers and a compiler).
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { EvolveError } from "../../errors/mod.ts";

/** A statement for the connection's thread. */
export type ConnRequest =
  | { readonly op: "query"; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly op: "close" };

/** What the connection's thread answers. */
export type ConnResponse =
  | { readonly rows: Record<string, unknown>[]; readonly rowCount: number; readonly error?: never }
  | { readonly error: { readonly message: string; readonly code?: string } };

/** Options of `PgConnection.open`. */
export interface PgConnectionOptions {
  /** How long a statement waits for an unreachable server to come back, ms. @default 30000 */
  readonly reconnectMs?: number;
  /** Create the schema when it is missing (not for readers). @default true */
  readonly create?: boolean;
}

/** One PostgreSQL session, used synchronously; `?` placeholders are numbered for PostgreSQL. */
export class PgConnection {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #flag = new Int32Array(new SharedArrayBuffer(4));
  readonly #where: string;
  #open = true;

  private constructor(url: string, schema: string, where: string, options: PgConnectionOptions) {
    this.#where = where;
    const { port1, port2 } = new MessageChannel();
    this.#port = port1 as unknown as MessagePort;
    this.#worker = new Worker(new URL("./_pg_conn_worker.ts", import.meta.url), {
      workerData: {
        url,
        schema,
        create: options.create ?? true,
        port: port2,
        flag: this.#flag,
        reconnectMs: options.reconnectMs ?? 30000,
      },
      transferList: [port2 as unknown as Transferable] as never,
    });
    // The thread never keeps the process alive; close() ends it.
    this.#worker.unref();
  }

  /** Connects to `url` with `schema` (a quoted identifier) as the search path. */
  static open(
    url: string,
    schema: string,
    where: string,
    options: PgConnectionOptions = {},
  ): PgConnection {
    const conn = new PgConnection(url, schema, where, options);
    try {
      conn.query("SELECT 1");
    } catch (e) {
      conn.close();
      throw e;
    }
    return conn;
  }

  /** Rows of `sql` with `params`; throws an EvolveError naming the store on failure. */
  query(sql: string, params: readonly unknown[] = []): {
    rows: Record<string, unknown>[];
    rowCount: number;
  } {
    const response = this.#send({ op: "query", sql: numbered(sql), params: [...params] });
    if (response.error) {
      throw new EvolveError(`${this.#where}: ${response.error.message}`, {
        cause: response.error,
      });
    }
    return response;
  }

  /** Ends the session and its thread. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#send({ op: "close" });
    this.#worker.terminate();
    (this.#port as unknown as { close(): void }).close();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  #send(req: ConnRequest): ConnResponse {
    if (!this.#open && req.op !== "close") {
      throw new EvolveError(`${this.#where}: the connection is closed`);
    }
    Atomics.store(this.#flag, 0, 0);
    this.#port.postMessage(req);
    Atomics.wait(this.#flag, 0, 0);
    const message = receiveMessageOnPort(this.#port as never);
    if (!message) throw new EvolveError(`${this.#where}: the connection thread did not answer`);
    return message.message as ConnResponse;
  }
}

/** `?` placeholders (outside string literals) as `$1`, `$2`...: the SQL reads like the SQLite's. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (m) => m === "?" ? `$${++n}` : m);
}
