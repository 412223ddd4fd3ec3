// Public surface of the run database: the Store contract, its SQLite implementation, the schema
// migrations and where a run's files live.
export type * from "./store.ts";
export { SqliteStore, type SqliteStoreOptions } from "./sqlite_store.ts";
export {
  migrate,
  type Migration,
  MIGRATIONS,
  SCHEMA_VERSION,
  schemaVersion,
} from "./migrations.ts";
export { createRunDir, openRunStore, RUN_DB_FILE, runDbPath } from "./run_dir.ts";
