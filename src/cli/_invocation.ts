// Owns invocation.json, the record beside run.db of how a run was started, so `--resume` needs no
// spec path and keeps the seed.
import { join, relative, resolve } from "node:path";
import { UsageError } from "../errors/mod.ts";

/** The file beside run.db that records how the run was started, so --resume needs no spec path. */
const INVOCATION_FILE = "invocation.json";

/** How a run was started. */
export interface Invocation {
  /** Spec path relative to the run directory (so a moved checkout still resumes). */
  readonly spec: string;
  readonly seed: number;
}

/** Writes the record of a new run started from `specPath` with `seed`. */
export async function writeInvocation(runDir: string, specPath: string, seed: number) {
  const record: Invocation = { spec: relative(runDir, resolve(specPath)), seed };
  await Deno.writeTextFile(join(runDir, INVOCATION_FILE), JSON.stringify(record, null, 2) + "\n");
}

/** Reads the record of the run in `runDir`; a UsageError when it is not a run `evolve` made. */
export async function readInvocation(runDir: string): Promise<Invocation> {
  const path = join(runDir, INVOCATION_FILE);
  try {
    return JSON.parse(await Deno.readTextFile(path)) as Invocation;
  } catch (e) {
    throw new UsageError(
      `evolve: ${runDir} is not a run directory made by \`evolve\` (${path}: ${
        (e as Error).message
      })`,
    );
  }
}
