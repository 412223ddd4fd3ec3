// Public surface of the run database: the Store and RunReader contracts, their SQLite and
// PostgreSQL implementations, the schema migrations and where a run's files live.
export type * from "./store.ts";
export { SqliteRunReader } from "./sqlite_reader.ts";
export { SqliteStore, type SqliteStoreOptions } from "./sqlite_store.ts";
export { PgStore, type PgStoreOptions } from "./pg_store.ts";
export { PG_MIGRATIONS } from "./pg_migrations.ts";
export { copyPostgresToSqlite, copySqliteToPostgres } from "./transfer.ts";
export { DATABASE_URL_ENV, isPostgresUrl, redactUrl, resolveDatabaseUrl } from "./pg_url.ts";
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
  readStorePointer,
  RUN_DB_FILE,
  type RunAccess,
  runDbPath,
  runSchemaName,
  SQLITE_RUNS,
  STORE_POINTER_FILE,
  type StorePointer,
  withRunReader,
  writeStorePointer,
} from "./run_dir.ts";
