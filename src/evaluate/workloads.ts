// Owns reading a workload directory into candidate cases through the spec's trusted `cases`
// function, once per file per process (workload files are immutable inputs of a run).
import { join } from "node:path";
import type { CasesFn, WorkloadCase, WorkloadFile } from "./types.ts";

/** The cases of one workload file. */
export interface LoadedWorkload {
  readonly name: string;
  readonly cases: readonly WorkloadCase[];
}

/** Lists workload files (sorted by name, hidden files skipped) in `dir`. */
export async function listWorkloadFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && !entry.name.startsWith(".")) names.push(entry.name);
  }
  return names.sort();
}

/** Loads every workload in `dir` through `cases`, caching by absolute path. */
export class WorkloadCache {
  readonly #cases: CasesFn;
  readonly #loaded = new Map<string, Promise<LoadedWorkload>>();

  constructor(cases: CasesFn) {
    this.#cases = cases;
  }

  /** Returns the workloads of `dir` in file-name order. */
  async load(dir: string): Promise<LoadedWorkload[]> {
    const names = await listWorkloadFiles(dir);
    return await Promise.all(names.map((name) => this.#loadFile(dir, name)));
  }

  #loadFile(dir: string, name: string): Promise<LoadedWorkload> {
    const path = join(dir, name);
    let pending = this.#loaded.get(path);
    if (!pending) {
      pending = (async () => {
        const file: WorkloadFile = { path, name, bytes: await Deno.readFile(path) };
        const cases = await this.#cases(file);
        if (cases.length === 0) {
          throw new Error(`workload ${path}: the cases function returned no cases`);
        }
        return { name, cases };
      })();
      this.#loaded.set(path, pending);
    }
    return pending;
  }
}
