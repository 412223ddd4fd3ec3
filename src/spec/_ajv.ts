// Owns the ajv configuration specevolve uses (draft 2020-12), so the meta-schema, the input/output
// validators and the generator's own checks agree on what "valid" means. Trusted data (specs,
// inputs) is validated reporting every error; candidate outputs stop at the first, so that an
// output built to be expensive to check costs one walk at most.
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

let firstError: Ajv2020 | undefined;

/** The process-wide instance for candidate outputs: validation stops at the first error. */
export function outputAjv(): Ajv2020 {
  return firstError ??= createAjv({ allErrors: false });
}

/** Ajv's errors as `"/path must ..."` lines; empty when valid. */
export function ajvMessages(
  errors: readonly { instancePath: string; message?: string }[] | null | undefined,
): string[] {
  return (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
}
