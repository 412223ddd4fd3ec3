// Owns the UI's read-only connection to a run database: the UI never writes through it (control
// commands go through the Store), so a bug here cannot damage a run.
import { DatabaseSync, type SQLInputValue } from "node:sqlite";

export type Row = Record<string, unknown>;

/** A run database opened read-only, with the few query helpers the views need. */
export class ReadonlyRunDb {
  readonly path: string;
  readonly #db: DatabaseSync;

  private constructor(path: string, db: DatabaseSync) {
    this.path = path;
    this.#db = db;
  }

  /** Opens `path` read-only; throws when it is missing or not a run database. */
  static open(path: string): ReadonlyRunDb {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      // Waits for the engine's commits instead of failing with SQLITE_BUSY.
      db.exec("PRAGMA busy_timeout = 2000");
      db.prepare("SELECT 1 FROM run LIMIT 1").get();
    } catch (e) {
      db.close();
      throw new Error(`ui: ${path} is not a run database: ${(e as Error).message}`, { cause: e });
    }
    return new ReadonlyRunDb(path, db);
  }

  /** Bumps whenever another connection (the engine, `steer`) commits to the file. */
  dataVersion(): number {
    return Number((this.get("PRAGMA data_version") ?? {}).data_version ?? 0);
  }

  get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.#db.prepare(sql).get(...params) as Row | undefined;
  }

  all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.#db.prepare(sql).all(...params) as Row[];
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

/** Runs `fn` on `path` opened read-only, closing it afterwards. */
export function withRunDb<T>(path: string, fn: (db: ReadonlyRunDb) => T): T {
  const db = ReadonlyRunDb.open(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** Parses a JSON column; NULL and bad JSON (a hand-edited file) become undefined. */
export function json<T>(text: unknown): T | undefined {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** A numeric column that may be NULL. */
export function num(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

/** A text column that may be NULL. */
export function str(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}
