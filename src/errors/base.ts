// Owns the root of specevolve's error hierarchy: every error the CLI can explain derives from it.
import type { ErrorKind } from "./kinds.ts";

/** Base class of every error specevolve raises on purpose; `kind` tells the CLI how to end. */
export class SpecEvolveError extends Error {
  /** What kind of fault this is; the CLI maps it to an exit code (see `EXIT_CODES`). */
  readonly kind: ErrorKind = "internal";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SpecEvolveError";
  }
}

/** True when `e` is any specevolve error. */
export function isSpecEvolveError(e: unknown): e is SpecEvolveError {
  return e instanceof SpecEvolveError;
}

/** The kind of any thrown value: a specevolve error's own, "internal" for anything else. */
export function errorKind(e: unknown): ErrorKind {
  return isSpecEvolveError(e) ? e.kind : "internal";
}
