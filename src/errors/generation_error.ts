// Owns GenerationError: a spec that cannot produce an input (an unsatisfiable filter or derive).
import { SpecEvolveError } from "./base.ts";

/**
 * The spec cannot produce an input: a filter rejected GUARD_LIMIT values in a row, or a derive
 * shape does not fit its schema. `pointer` names the part of the spec at fault. Kind "spec".
 */
export class GenerationError extends SpecEvolveError {
  override readonly kind = "spec";
  readonly pointer: string;
  /** The problem without the `spec: <pointer>:` prefix of `message`. */
  readonly problem: string;
  constructor(pointer: string, problem: string) {
    super(`spec: ${pointer || "/"}: ${problem}`);
    this.name = "GenerationError";
    this.pointer = pointer;
    this.problem = problem;
  }
}

/** True when `e` is a GenerationError. */
export function isGenerationError(e: unknown): e is GenerationError {
  return e instanceof GenerationError;
}
