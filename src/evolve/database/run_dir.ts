// Owns where a run lives: `runs/<spec>-<timestamp>/` holds its reports and either its SQLite
// database (`run.db`) or `store.json`, which names the PostgreSQL database and schema holding it.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { EvolveError } from "../../errors/mod.ts";
import { PgStore, type PgStoreOptions } from "./pg_store.ts";
import { redactUrl, resolveDatabaseUrl } from "./pg_url.ts";
import { SqliteRunReader } from "./sqlite_reader.ts";
import { SqliteStore } from "./sqlite_store.ts";
import type { RunReader, Store } from "./store.ts";

/** File name of the database inside a run directory. */
export const RUN_DB_FILE = "run.db";

/** File name, inside a run directory, of the pointer to a run kept in PostgreSQL. */
export const STORE_POINTER_FILE = "store.json";

/** What `store.json` holds: where the run is, never a password. */
export interface StorePointer {
  readonly store: "postgres";
  /** The database URL without its password. */
  readonly url: string;
  /** The run's schema in that database. */
  readonly schema: string;
}

/** Path of the file that holds the run in `runDir`: its `store.json` when it has one, else `run.db`. */
export function runDbPath(runDir: string): string {
  const pointer = join(runDir, STORE_POINTER_FILE);
  return existsSync(pointer) ? pointer : join(runDir, RUN_DB_FILE);
}

/** The schema name of the run in `runDir`: its folder name, lower-cased, other characters `_`. */
export function runSchemaName(runDir: string): string {
  const name = basename(runDir).toLowerCase().replace(/[^a-z0-9_]+/g, "_");
  return /^[a-z_]/.test(name) ? name.slice(0, 63) : `r_${name}`.slice(0, 63);
}

/** Records in `runDir` that its run lives in PostgreSQL at `url` (password left out). */
export function writeStorePointer(runDir: string, url: string): StorePointer {
  const pointer: StorePointer = {
    store: "postgres",
    url: redactUrl(url),
    schema: runSchemaName(runDir),
  };
  writeFileSync(join(runDir, STORE_POINTER_FILE), JSON.stringify(pointer, null, 2) + "\n");
  return pointer;
}

/** The pointer in `runDir`, or undefined for a SQLite run. */
export function readStorePointer(runDir: string): StorePointer | undefined {
  const path = join(runDir, STORE_POINTER_FILE);
  if (!existsSync(path)) return undefined;
  const pointer = JSON.parse(readFileSync(path, "utf8")) as StorePointer;
  if (pointer.store !== "postgres" || typeof pointer.url !== "string") {
    throw new EvolveError(`${path}: expected { "store": "postgres", "url": …, "schema": … }`);
  }
  return pointer;
}

/** Opens the PostgreSQL run `pointer` names, the password from the environment. */
function openPointed(pointer: StorePointer, options: PgStoreOptions): PgStore {
  const url = resolveDatabaseUrl(pointer.url, Deno.env.toObject(), "run store")!;
  return PgStore.open(url, pointer.schema, options);
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

/**
 * Opens the run database in `runDir` (a SQLite one is created if missing); `exclusive` takes a
 * PostgreSQL run's coordinator lock.
 */
export function openRunStore(
  runDir: string,
  options: { readonly exclusive?: boolean } = {},
): Store {
  const pointer = readStorePointer(runDir);
  return pointer ? openPointed(pointer, options) : SqliteStore.open(join(runDir, RUN_DB_FILE));
}

/** Opens the run database in `runDir` read-only; throws when there is none. */
export function openRunReader(runDir: string): RunReader {
  const pointer = readStorePointer(runDir);
  return pointer
    ? openPointed(pointer, { readOnly: true })
    : SqliteRunReader.openReadOnly(join(runDir, RUN_DB_FILE));
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

/** Run folders holding a `run.db`, or a `store.json` naming their PostgreSQL run. */
export const SQLITE_RUNS: RunAccess = { openReader: openRunReader, openStore: openRunStore };
