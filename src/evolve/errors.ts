// Owns EvolveError: an evolution run that cannot start or go on (spec changed under a run, a run
// database from a newer version, an initial program that fails). Candidate failures are not errors.
import { SpecEvolveError } from "../errors/mod.ts";

/** Options of `EvolveError`. */
export interface EvolveErrorOptions extends ErrorOptions {
  /** Process exit code for the CLI. @default 3 */
  readonly exitCode?: number;
}

/** The run cannot start or continue; the message says what to do. */
export class EvolveError extends SpecEvolveError {
  override readonly exitCode: number;
  constructor(message: string, options: EvolveErrorOptions = {}) {
    super(message, options);
    this.name = "EvolveError";
    this.exitCode = options.exitCode ?? 3;
  }
}

/** True when `e` is an EvolveError. */
export function isEvolveError(e: unknown): e is EvolveError {
  return e instanceof EvolveError;
}
