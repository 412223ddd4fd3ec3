// Owns LlmError: an LLM call that failed for good (after retries when the failure was transient).
import { SpecEvolveError } from "./base.ts";

/** An LLM call failed (after retries when the failure was transient); the message is redacted. */
export class LlmError extends SpecEvolveError {
  /** HTTP status when the server answered, else undefined (network error, timeout). */
  readonly status?: number;
  /** True when retrying later could help (429, 5xx, timeout, network); false for 4xx like a bad key. */
  readonly transient: boolean;
  /** Attempts made, retries included. */
  readonly attempts: number;
  /** The call was aborted (run stopping, client closed), not refused by the server. */
  readonly aborted: boolean;
  constructor(
    message: string,
    details: { status?: number; transient: boolean; attempts: number; aborted?: boolean },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "LlmError";
    this.status = details.status;
    this.transient = details.transient;
    this.attempts = details.attempts;
    this.aborted = details.aborted ?? false;
  }
}

/** True when `e` is an LlmError. */
export function isLlmError(e: unknown): e is LlmError {
  return e instanceof LlmError;
}
