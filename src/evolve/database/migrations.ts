// Owns the run database schema: versioned migrations applied in order, the version kept in
// `PRAGMA user_version`. Never edit a released migration; append a new one.
import type { DatabaseSync } from "node:sqlite";
import { EvolveError } from "../../errors/mod.ts";

export interface Migration {
  /** 1, 2, 3... in order; the database's `user_version` after it is applied. */
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** The schema's history. docs/run-database.md documents the latest form. */
export const MIGRATIONS: readonly Migration[] = [
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
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        hash TEXT NOT NULL,
        parent_id INTEGER REFERENCES programs(id),
        island INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        iteration INTEGER NOT NULL,
        seed INTEGER,
        proposer TEXT NOT NULL,
        description TEXT NOT NULL,
        diff TEXT,
        features_json TEXT NOT NULL,
        model TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE evaluations (
        program_id INTEGER PRIMARY KEY REFERENCES programs(id),
        ok INTEGER NOT NULL,
        failure_category TEXT,
        failure_message TEXT,
        failure_json TEXT,
        stages_json TEXT NOT NULL,
        train_metrics_json TEXT,
        train_score REAL,
        train_json TEXT,
        eval_ms REAL NOT NULL,
        wall_ms REAL NOT NULL,
        created_at TEXT NOT NULL,
        holdout_metrics_json TEXT,
        holdout_score REAL,
        holdout_json TEXT,
        holdout_ms REAL,
        holdout_at TEXT
      );
      CREATE TABLE island_copies (
        program_id INTEGER NOT NULL REFERENCES programs(id),
        island INTEGER NOT NULL,
        iteration INTEGER NOT NULL,
        PRIMARY KEY (program_id, island)
      );
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        kind TEXT NOT NULL,
        iteration INTEGER,
        program_id INTEGER,
        payload_json TEXT NOT NULL,
        processed_at TEXT
      );
      CREATE TABLE llm_calls (
        id INTEGER PRIMARY KEY,
        iteration INTEGER,
        program_id INTEGER,
        model TEXT NOT NULL,
        prompt TEXT NOT NULL,
        response TEXT,
        error TEXT,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cost_usd REAL NOT NULL,
        ms REAL NOT NULL,
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
        ORDER BY e.train_score DESC, p.id ASC;
    `,
  },
];

/** Schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The database's schema version (0 for a new file). */
export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare("PRAGMA user_version").get() as { user_version: number };
  return row.user_version;
}

/**
 * Brings `db` up to the last of `migrations`, one transaction per migration, and returns the
 * versions before and after. Throws when the file is newer than this build or a migration fails
 * (that migration is rolled back; earlier ones stay).
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
  where = "run database",
): { readonly from: number; readonly to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migrate: migration ${i} has version ${m.version}; expected ${i + 1}`);
    }
  });
  const from = schemaVersion(db);
  const latest = migrations.length;
  if (from > latest) {
    throw new EvolveError(
      `${where}: schema version ${from} is newer than this specevolve understands (${latest}); ` +
        "update specevolve to open this run",
    );
  }
  for (const m of migrations.slice(from)) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(m.sql);
      // user_version lives in the file header and takes part in the transaction.
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec("COMMIT");
    } catch (e) {
      db.exec("ROLLBACK");
      throw new EvolveError(
        `${where}: schema migration ${m.version} (${m.description}) failed: ${
          e instanceof Error ? e.message : String(e)
        }; the file is left at version ${m.version - 1}`,
        { cause: e },
      );
    }
  }
  return { from, to: Math.max(from, latest) };
}
