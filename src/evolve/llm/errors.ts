// Owns the LLM path's errors: a call that failed for good, and the budget that stops a run cleanly.
import { SpecEvolveError } from "../../errors/base.ts";

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

/** Which limit ran out. */
export type BudgetKind = "usd" | "tokens";

/**
 * The dollar or token budget cannot cover another call; no call was started. The engine ends the
 * run as finished (exit code 0), keeping everything done so far.
 */
export class BudgetExceeded extends SpecEvolveError {
  override readonly exitCode = 0;
  /** Tells the engine to stop with reason "budget" (see isProposerExhausted). */
  readonly proposerExhausted = true;
  readonly kind: BudgetKind;
  readonly limit: number;
  readonly spent: number;
  constructor(kind: BudgetKind, limit: number, spent: number, needed: number) {
    const unit = kind === "usd" ? "$" : "";
    const fmt = (n: number) => kind === "usd" ? n.toFixed(4) : String(Math.round(n));
    super(
      `llm budget: ${kind === "usd" ? "dollar" : "token"} budget spent (${unit}${fmt(spent)} of ` +
        `${unit}${fmt(limit)}; the next call may need up to ${unit}${fmt(needed)}); ` +
        `raise --budget-${
          kind === "usd" ? "usd" : "tokens"
        } or resume the run with a larger budget`,
    );
    this.name = "BudgetExceeded";
    this.kind = kind;
    this.limit = limit;
    this.spent = spent;
  }
}

/** True when `e` is a BudgetExceeded. */
export function isBudgetExceeded(e: unknown): e is BudgetExceeded {
  return e instanceof BudgetExceeded;
}
