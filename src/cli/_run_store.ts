// Owns where `evolve` keeps a run and where it evaluates: SQLite in the run folder (the default) or
// a PostgreSQL schema (`--store`, SPECEVOLVE_DATABASE_URL), and local sandboxes (the default) or
// remote workers on that database's queue (`--workers remote`).
import { UsageError } from "../errors/mod.ts";
import type { Evaluator } from "../evaluate/mod.ts";
import {
  DATABASE_URL_ENV,
  isPostgresUrl,
  openRunStore,
  readStorePointer,
  resolveDatabaseUrl,
  runSchemaName,
  type Store,
  writeStorePointer,
} from "../evolve/mod.ts";
import { evaluatorBuild, RemoteEvaluator } from "../remote/mod.ts";
import type { Spec } from "../spec/types.ts";
import { intFlag } from "./_args.ts";

/** The flags these choices read. */
export interface RunStoreFlags {
  readonly store?: string;
  readonly workers?: string;
  readonly "lease-seconds"?: string;
  readonly retries?: string;
}

/** True for `--workers remote`; local evaluation is the default. */
export function evaluatesRemotely(flags: RunStoreFlags): boolean {
  const w = flags.workers ?? "local";
  if (w !== "local" && w !== "remote") {
    throw new UsageError(`evolve: --workers must be local or remote, got "${w}"`);
  }
  return w === "remote";
}

/**
 * Opens the run's store: a resumed run where it already is; a new one in PostgreSQL when `--store`
 * names a database (or SPECEVOLVE_DATABASE_URL is set and `--store sqlite` is not given), else in
 * SQLite. A PostgreSQL run takes the run's coordinator lock.
 */
export function openEvolveStore(runDir: string, newRun: boolean, flags: RunStoreFlags): Store {
  if (newRun) {
    const env = Deno.env.toObject();
    const named = flags.store;
    if (named !== undefined && named !== "sqlite" && !isPostgresUrl(named)) {
      throw new UsageError(`evolve: --store must be sqlite or a postgres:// URL, got "${named}"`);
    }
    const wantPg = isPostgresUrl(named) || (named === undefined && !!env[DATABASE_URL_ENV]);
    if (wantPg) writeStorePointer(runDir, resolveDatabaseUrl(named, env, "evolve")!);
  }
  return openRunStore(runDir, { exclusive: true });
}

/** The evaluator that queues the run's candidates for remote workers. */
export async function openRemoteEvaluator(
  runDir: string,
  spec: Spec,
  runs: number,
  flags: RunStoreFlags,
): Promise<Evaluator> {
  const pointer = readStorePointer(runDir);
  if (!pointer) {
    throw new UsageError(
      "evolve: --workers remote needs a PostgreSQL store: add --store postgres://… or set " +
        DATABASE_URL_ENV,
    );
  }
  return await RemoteEvaluator.open({
    url: resolveDatabaseUrl(pointer.url, Deno.env.toObject(), "evolve")!,
    run: runSchemaName(runDir),
    target: { specHash: spec.hash, build: evaluatorBuild(), runs, seed: spec.properties.seed },
    leaseSeconds: intFlag("evolve", "lease-seconds", flags["lease-seconds"], 900),
    retryLimit: intFlag("evolve", "retries", flags.retries, 2),
  });
}
