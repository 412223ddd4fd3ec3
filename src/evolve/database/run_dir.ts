// Owns where a run lives on disk: `runs/<spec>-<timestamp>/run.db` beside its reports.
import { join } from "node:path";
import { SqliteRunReader } from "./sqlite_reader.ts";
import { SqliteStore } from "./sqlite_store.ts";
import type { RunReader, Store } from "./store.ts";

/** File name of the database inside a run directory. */
export const RUN_DB_FILE = "run.db";

/** Path of the database of the run in `runDir`. */
export function runDbPath(runDir: string): string {
  return join(runDir, RUN_DB_FILE);
}

/**
 * Creates `<root>/<spec>-<YYYY-MM-DDTHH-MM-SS>` (suffixed `-2`, `-3`... when taken) and returns its
 * path. Runs of other characters than `[A-Za-z0-9_-]` in the spec name become `_`, so the name
 * cannot climb out of `root`.
 */
export function createRunDir(root: string, specName: string, date: Date = new Date()): string {
  const safe = specName.replace(/[^A-Za-z0-9_-]+/g, "_") || "run";
  const stamp = date.toISOString().slice(0, 19).replaceAll(":", "-");
  Deno.mkdirSync(root, { recursive: true });
  for (let n = 1;; n++) {
    const dir = join(root, `${safe}-${stamp}${n === 1 ? "" : `-${n}`}`);
    try {
      Deno.mkdirSync(dir);
      return dir;
    } catch (e) {
      if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
    }
  }
}

/** Opens the run database in `runDir` (created if missing). */
export function openRunStore(runDir: string): SqliteStore {
  return SqliteStore.open(runDbPath(runDir));
}

/** Opens the run database in `runDir` read-only; throws when there is none. */
export function openRunReader(runDir: string): RunReader {
  return SqliteRunReader.openReadOnly(runDbPath(runDir));
}

/** Runs `fn` on the run in `runDir` opened read-only, closing it afterwards. */
export function withRunReader<T>(runDir: string, fn: (reader: RunReader) => T): T {
  const reader = openRunReader(runDir);
  try {
    return fn(reader);
  } finally {
    reader.close();
  }
}

/** How the reports and the UI open a run: read-only to show it, read-write to steer it. */
export interface RunAccess {
  openReader(runDir: string): RunReader;
  openStore(runDir: string): Store;
}

/** Run folders holding SQLite databases (`runs/<spec>-<time>/run.db`). */
export const SQLITE_RUNS: RunAccess = { openReader: openRunReader, openStore: openRunStore };
