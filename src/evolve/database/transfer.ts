// Owns moving a run between the two stores: every table copied row by row, ids, times and JSON
// text unchanged, so a run exported to PostgreSQL and imported back reads exactly as before.
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { EvolveError } from "../../errors/mod.ts";
import { migrate } from "./migrations.ts";
import { PgConnection } from "./_pg_conn.ts";
import { pgMigrate } from "./pg_migrations.ts";
import { redactUrl } from "./pg_url.ts";

/** The run tables in an order that keeps references valid, and how each is ordered. */
const TABLES: readonly (readonly [table: string, sqliteOrder: string, pgOrder: string])[] = [
  ["run", "id", "id"],
  ["programs", "id", "id"],
  ["evaluations", "program_id", "program_id"],
  ["island_copies", "rowid", "seq"],
  ["events", "id", "id"],
  ["llm_calls", "id", "id"],
];

/** Tables whose ids PostgreSQL draws from a sequence, set past the copied ids. */
const SERIAL = ["programs", "events", "llm_calls"];

function columns(db: DatabaseSync, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

function refuseNonEmpty(rows: number, where: string): void {
  if (rows > 0) {
    throw new EvolveError(`${where} already holds a run; copy into an empty one`, {
      kind: "usage",
    });
  }
}

/** Copies the SQLite run at `sqlitePath` into `schema` of `url` (empty or new); returns rows. */
export function copySqliteToPostgres(sqlitePath: string, url: string, schema: string): number {
  const where = `${redactUrl(url)}#${schema}`;
  const from = new DatabaseSync(sqlitePath, { readOnly: true });
  const to = PgConnection.open(url, schema, `export to ${where}`);
  try {
    pgMigrate(to, where);
    refuseNonEmpty(to.query("SELECT count(*) AS n FROM run").rows[0].n as number, where);
    let copied = 0;
    to.query("BEGIN");
    try {
      for (const [table, order] of TABLES) {
        const cols = columns(from, table);
        const insert = `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${
          cols.map(() => "?").join(", ")
        })`;
        for (const row of from.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).all()) {
          to.query(insert, cols.map((c) => (row as Record<string, unknown>)[c]));
          copied++;
        }
      }
      for (const t of SERIAL) {
        to.query(`SELECT setval(pg_get_serial_sequence('${t}', 'id'),
          coalesce((SELECT max(id) FROM ${t}), 0) + 1, false)`);
      }
      to.query("COMMIT");
    } catch (e) {
      to.query("ROLLBACK");
      throw e;
    }
    return copied;
  } finally {
    to.close();
    from.close();
  }
}

/** Copies the run in `schema` of `url` into a new SQLite file at `sqlitePath`; returns rows. */
export function copyPostgresToSqlite(url: string, schema: string, sqlitePath: string): number {
  const where = `${redactUrl(url)}#${schema}`;
  const from = PgConnection.open(url, schema, `import from ${where}`, { create: false });
  const to = new DatabaseSync(sqlitePath);
  try {
    if (!from.query("SELECT to_regclass('run') AS t").rows[0]?.t) {
      throw new EvolveError(`${where} holds no run`, { kind: "usage" });
    }
    migrate(to, undefined, sqlitePath);
    refuseNonEmpty(
      (to.prepare("SELECT count(*) AS n FROM run").get() as { n: number }).n,
      sqlitePath,
    );
    let copied = 0;
    to.exec("BEGIN IMMEDIATE");
    try {
      for (const [table, , order] of TABLES) {
        const cols = columns(to, table);
        const insert = to.prepare(
          `INSERT INTO ${table} (${cols.join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`,
        );
        for (const row of from.query(`SELECT * FROM ${table} ORDER BY ${order}`).rows) {
          insert.run(...cols.map((c) => row[c] as SQLInputValue));
          copied++;
        }
      }
      to.exec("COMMIT");
    } catch (e) {
      to.exec("ROLLBACK");
      throw e;
    }
    return copied;
  } finally {
    to.close();
    from.close();
  }
}
