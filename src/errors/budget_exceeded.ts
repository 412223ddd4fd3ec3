// Owns BudgetExceeded: the dollar or token budget cannot cover another LLM call.
import { SpecEvolveError } from "./base.ts";

/** Which limit ran out. */
export type BudgetKind = "usd" | "tokens";

/**
 * The dollar or token budget cannot cover another call; no call was started. The engine ends the
 * run as finished (kind "budget", exit code 0), keeping everything done so far.
 */
export class BudgetExceeded extends SpecEvolveError {
  override readonly kind = "budget";
  /** Tells the engine to stop with reason "budget" (see isProposerExhausted). */
  readonly proposerExhausted = true;
  /** Which budget ran out. */
  readonly budget: BudgetKind;
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
    this.budget = kind;
    this.limit = limit;
    this.spent = spent;
  }
}

/** True when `e` is a BudgetExceeded. */
export function isBudgetExceeded(e: unknown): e is BudgetExceeded {
  return e instanceof BudgetExceeded;
}
