// Public surface of the run database: the Store and RunReader contracts, their SQLite implementation, the schema
// migrations and where a run's files live.
export type * from "./store.ts";
export { SqliteRunReader } from "./sqlite_reader.ts";
export { SqliteStore, type SqliteStoreOptions } from "./sqlite_store.ts";
export {
  migrate,
  type Migration,
  MIGRATIONS,
  SCHEMA_VERSION,
  schemaVersion,
} from "./migrations.ts";
export {
  createRunDir,
  openRunReader,
  openRunStore,
  RUN_DB_FILE,
  type RunAccess,
  runDbPath,
  SQLITE_RUNS,
  withRunReader,
} from "./run_dir.ts";
