// Owns UsageError: a command line that cannot be run as given (unknown flag, missing argument).
import { SpecEvolveError } from "./base.ts";

/** The command line is wrong; the message says what to type instead. Kind "usage". */
export class UsageError extends SpecEvolveError {
  override readonly kind = "usage";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/** True when `e` is a UsageError. */
export function isUsageError(e: unknown): e is UsageError {
  return e instanceof UsageError;
}
