// Owns EvolveError: an evolution run that cannot start or go on (spec changed under a run, a run
// database from a newer version, an initial program that fails). Candidate failures are not errors.
import { SpecEvolveError } from "./base.ts";
import type { ErrorKind } from "./kinds.ts";

/** Options of `EvolveError`. */
export interface EvolveErrorOptions extends ErrorOptions {
  /** What kind of fault it is (the CLI maps it to an exit code). @default "internal" */
  readonly kind?: ErrorKind;
}

/** The run cannot start or continue; the message says what to do. */
export class EvolveError extends SpecEvolveError {
  override readonly kind: ErrorKind;
  constructor(message: string, options: EvolveErrorOptions = {}) {
    super(message, options);
    this.name = "EvolveError";
    this.kind = options.kind ?? "internal";
  }
}

/** True when `e` is an EvolveError. */
export function isEvolveError(e: unknown): e is EvolveError {
  return e instanceof EvolveError;
}
