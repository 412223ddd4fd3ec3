// Owns SandboxError: the sandbox itself (not a candidate) failed, e.g. a child could not start.
import { SpecEvolveError } from "./base.ts";

/** The sandbox runtime is broken or was used after close. Kind "internal". */
export class SandboxError extends SpecEvolveError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SandboxError";
  }
}

/** True when `e` is a SandboxError. */
export function isSandboxError(e: unknown): e is SandboxError {
  return e instanceof SandboxError;
}
