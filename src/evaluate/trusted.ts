// Owns loading the trusted problem modules a spec names (`path#export`): workload case builders,
// metric functions and workload generators. These run in the parent, never beside a candidate.
import { pathToFileURL } from "node:url";
import { SpecError } from "../errors/mod.ts";
import type { ModuleRef } from "../spec/types.ts";

/** Imports `ref.path` and returns its export `ref.name`, which must be a function. */
export async function importTrusted<T extends (...args: never[]) => unknown>(
  ref: ModuleRef,
  what: string,
): Promise<T> {
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(ref.path).href);
  } catch (cause) {
    throw new SpecError([{
      ...ref.at,
      pointer: "",
      message: `${what}: cannot import ${ref.path}: ${(cause as Error).message}`,
    }], { cause });
  }
  const value = module[ref.name];
  if (typeof value !== "function") {
    const found = Object.keys(module).filter((k) => typeof module[k] === "function");
    throw new SpecError([{
      ...ref.at,
      pointer: "",
      message: `${what}: ${ref.path} has no exported function "${ref.name}"` +
        (found.length ? ` (it exports: ${found.join(", ")})` : ""),
    }]);
  }
  return value as T;
}
