// Helpers for database tests: a temporary run directory and a program record to store.
import type { NewProgram } from "../../../src/evolve/records/mod.ts";
import { analyzeSource } from "../../../src/evolve/source/analyze.ts";

export function tempDbPath(): string {
  return `${Deno.makeTempDirSync({ prefix: "specevolve-db-" })}/run.db`;
}

export function newProgram(source: string, fields: Partial<NewProgram> = {}): NewProgram {
  const a = analyzeSource(source);
  return {
    source,
    hash: a.hash,
    island: 0,
    generation: 0,
    iteration: 0,
    proposer: "initial",
    description: "test program",
    features: a.features,
    ...fields,
  };
}
