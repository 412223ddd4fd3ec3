// Owns the `export` and `import` subcommands: move a run folder's database between SQLite and
// PostgreSQL (the copy itself is src/evolve/database/transfer.ts), switching the folder over.
import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import {
  copyPostgresToSqlite,
  copySqliteToPostgres,
  isPostgresUrl,
  readStorePointer,
  resolveDatabaseUrl,
  RUN_DB_FILE,
  runSchemaName,
  STORE_POINTER_FILE,
  writeStorePointer,
} from "../evolve/mod.ts";
import { parseCommandArgs } from "./_args.ts";

export const exportHelp = `Usage: deno task export <run-dir> [postgres://user@host:port/db]

Copies the run's SQLite database (<run-dir>/run.db) into a schema of its own in PostgreSQL, then
points the folder at it: store.json is written, run.db is renamed run.db.exported. report, steer,
ui and evolve --resume follow. The URL comes from SPECEVOLVE_DATABASE_URL when set.`;

export const importHelp = `Usage: deno task import <run-dir>

Copies the PostgreSQL run the folder's store.json names into <run-dir>/run.db, then points the
folder back at it (store.json is renamed store.json.imported). The PostgreSQL copy is kept.`;

/** Runs `export`. */
export function exportMain(argv: string[]): Promise<number> {
  const { positionals } = parseCommandArgs("export", argv, {});
  const runDir = positionals.find((p) => !isPostgresUrl(p));
  const url = resolveDatabaseUrl(positionals.find(isPostgresUrl), Deno.env.toObject(), "export");
  const db = runDir && join(runDir, RUN_DB_FILE);
  if (!db || !url || !existsSync(db)) {
    throw new UsageError(
      "export: give a run folder holding run.db and a database URL\n\n" +
        exportHelp,
    );
  }
  const rows = copySqliteToPostgres(db, url, runSchemaName(runDir));
  const pointer = writeStorePointer(runDir, url);
  renameSync(db, `${db}.exported`);
  console.log(`export: ${rows} rows to ${pointer.url}#${pointer.schema}`);
  return Promise.resolve(exitCodeOf("ok"));
}

/** Runs `import`. */
export function importMain(argv: string[]): Promise<number> {
  const { positionals } = parseCommandArgs("import", argv, {});
  const runDir = positionals[0];
  const pointer = runDir ? readStorePointer(runDir) : undefined;
  if (!pointer || positionals.length !== 1) {
    throw new UsageError("import: give a run folder holding store.json\n\n" + importHelp);
  }
  const url = resolveDatabaseUrl(pointer.url, Deno.env.toObject(), "import")!;
  const db = join(runDir, RUN_DB_FILE);
  const rows = copyPostgresToSqlite(url, pointer.schema, db);
  renameSync(join(runDir, STORE_POINTER_FILE), join(runDir, `${STORE_POINTER_FILE}.imported`));
  console.log(`import: ${rows} rows into ${db}`);
  return Promise.resolve(exitCodeOf("ok"));
}
