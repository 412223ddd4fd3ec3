// Owns the one ajv configuration specevolve uses (draft 2020-12, all errors), so the meta-schema,
// the input/output validators and the generator's own checks agree on what "valid" means.
import { Ajv2020, type Options } from "ajv/dist/2020.js";

/** A fresh draft 2020-12 ajv instance reporting every error. */
export function createAjv(options: Options = {}): Ajv2020 {
  return new Ajv2020({ allErrors: true, strictTypes: false, strictTuples: false, ...options });
}

let shared: Ajv2020 | undefined;

/** One process-wide instance: creating an ajv costs ~10-40 ms, compiled schemas are cached in it. */
export function sharedAjv(): Ajv2020 {
  return shared ??= createAjv();
}

/** Ajv's errors as `"/path must ..."` lines; empty when valid. */
export function ajvMessages(
  errors: readonly { instancePath: string; message?: string }[] | null | undefined,
): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}
