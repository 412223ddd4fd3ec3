// Owns the root of specevolve's error hierarchy: every error the CLI can explain derives from it.

/** Base class of every error specevolve raises on purpose; `exitCode` tells the CLI how to end. */
export class SpecEvolveError extends Error {
  /** Process exit code the CLI uses when this error ends a command. */
  readonly exitCode: number = 3;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SpecEvolveError";
  }
}

/** True when `e` is any specevolve error. */
export function isSpecEvolveError(e: unknown): e is SpecEvolveError {
  return e instanceof SpecEvolveError;
}
