// Owns the PostgreSQL form of the run database schema: the same versions as `migrations.ts`, in
// PostgreSQL's dialect, the version kept in a `schema_version` table of the run's schema. A change
// to the schema is a new migration in both lists (tests/evolve/database/pg_store_test.ts checks
// that the two have the same versions and the same columns).
import { EvolveError } from "../../errors/mod.ts";
import type { Migration } from "./migrations.ts";
import type { PgConnection } from "./_pg_conn.ts";

/** The schema's history in PostgreSQL; version N matches SQLite's version N. */
export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "run, programs, evaluations, island copies (migration), events, LLM calls",
    sql: `
      CREATE TABLE run (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        spec_name TEXT NOT NULL,
        spec_hash TEXT NOT NULL,
        config_json TEXT NOT NULL,
        rng_state_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'stopped', 'failed')),
        stop_reason TEXT,
        last_migration INTEGER NOT NULL DEFAULT -1,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE TABLE programs (
        id BIGSERIAL PRIMARY KEY,
        source TEXT NOT NULL,
        hash TEXT NOT NULL,
        parent_id BIGINT REFERENCES programs(id),
        island INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        iteration INTEGER NOT NULL,
        seed BIGINT,
        proposer TEXT NOT NULL,
        description TEXT NOT NULL,
        diff TEXT,
        features_json TEXT NOT NULL,
        model TEXT,
        input_tokens BIGINT,
        output_tokens BIGINT,
        cost_usd DOUBLE PRECISION,
        created_at TEXT NOT NULL
      );
      CREATE TABLE evaluations (
        program_id BIGINT PRIMARY KEY REFERENCES programs(id),
        ok INTEGER NOT NULL,
        failure_category TEXT,
        failure_message TEXT,
        failure_json TEXT,
        stages_json TEXT NOT NULL,
        train_metrics_json TEXT,
        train_score DOUBLE PRECISION,
        train_json TEXT,
        eval_ms DOUBLE PRECISION NOT NULL,
        wall_ms DOUBLE PRECISION NOT NULL,
        created_at TEXT NOT NULL,
        holdout_metrics_json TEXT,
        holdout_score DOUBLE PRECISION,
        holdout_json TEXT,
        holdout_ms DOUBLE PRECISION,
        holdout_at TEXT
      );
      CREATE TABLE island_copies (
        seq BIGSERIAL UNIQUE,
        program_id BIGINT NOT NULL REFERENCES programs(id),
        island INTEGER NOT NULL,
        iteration INTEGER NOT NULL,
        PRIMARY KEY (program_id, island)
      );
      CREATE TABLE events (
        id BIGSERIAL PRIMARY KEY,
        time TEXT NOT NULL,
        kind TEXT NOT NULL,
        iteration INTEGER,
        program_id BIGINT,
        payload_json TEXT NOT NULL,
        processed_at TEXT
      );
      CREATE TABLE llm_calls (
        id BIGSERIAL PRIMARY KEY,
        iteration INTEGER,
        program_id BIGINT,
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        response TEXT,
        error TEXT,
        input_tokens BIGINT NOT NULL,
        output_tokens BIGINT NOT NULL,
        cost_usd DOUBLE PRECISION NOT NULL,
        ms DOUBLE PRECISION NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: "best_programs view; indexes for lineage, duplicate and steer look-ups",
    sql: `
      CREATE INDEX programs_parent ON programs(parent_id);
      CREATE INDEX programs_hash ON programs(hash);
      CREATE INDEX events_kind ON events(kind, processed_at);
      CREATE VIEW best_programs AS
        SELECT p.id, p.iteration, p.generation, p.island, p.parent_id, p.proposer, p.description,
               e.train_score, e.holdout_score, e.train_metrics_json, e.holdout_metrics_json,
               e.eval_ms, p.cost_usd, p.created_at, p.source
        FROM programs p JOIN evaluations e ON e.program_id = p.id
        WHERE e.ok = 1
        ORDER BY e.train_score DESC NULLS LAST, p.id ASC;
    `,
  },
];

/** The run schema's version (0 when it has no tables yet). */
export function pgSchemaVersion(conn: PgConnection): number {
  conn.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = conn.query("SELECT max(version) AS v FROM schema_version").rows[0];
  return row?.v === null || row?.v === undefined ? 0 : Number(row.v);
}

/**
 * Brings the run schema up to the last migration, one transaction each, under an advisory lock so
 * that two processes opening a new run at once do not both migrate it.
 */
export function pgMigrate(conn: PgConnection, where: string): void {
  conn.query("SELECT pg_advisory_lock(hashtext(current_schema() || ':migrate'))");
  try {
    const from = pgSchemaVersion(conn);
    if (from > PG_MIGRATIONS.length) {
      throw new EvolveError(
        `${where}: schema version ${from} is newer than this specevolve understands ` +
          `(${PG_MIGRATIONS.length}); update specevolve to open this run`,
      );
    }
    for (const m of PG_MIGRATIONS.slice(from)) {
      conn.query("BEGIN");
      try {
        conn.query(m.sql);
        conn.query("INSERT INTO schema_version (version) VALUES (?)", [m.version]);
        conn.query("COMMIT");
      } catch (e) {
        conn.query("ROLLBACK");
        throw new EvolveError(
          `${where}: schema migration ${m.version} (${m.description}) failed: ${
            (e as Error).message
          }; the schema is left at version ${m.version - 1}`,
          { cause: e },
        );
      }
    }
  } finally {
    conn.query("SELECT pg_advisory_unlock(hashtext(current_schema() || ':migrate'))");
  }
}
