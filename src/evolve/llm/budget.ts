// Owns the hard dollar and token budget: calls reserve their worst case before they start, so
// concurrent calls cannot overshoot, and settle to what the server reported when they end.
import { BudgetExceeded } from "../../errors/mod.ts";

/** Dollars and tokens, spent or reserved. */
export interface Spend {
  readonly usd: number;
  readonly tokens: number;
}

export interface BudgetOptions {
  /** Dollar limit; 0 means none. @default 0 */
  readonly maxUsd?: number;
  /** Input + output token limit; 0 means none. @default 0 */
  readonly maxTokens?: number;
  /** Spend carried over from earlier sessions of the run (resume). @default nothing */
  readonly spent?: Spend;
}

/** A claim on the budget held by one call in flight. */
export interface Reservation {
  readonly worstCase: Spend;
  settled: boolean;
}

/** Tracks spend against hard limits; reserve() throws BudgetExceeded instead of starting a call. */
export class Budget {
  readonly maxUsd: number;
  readonly maxTokens: number;
  #spent = { usd: 0, tokens: 0, calls: 0 };
  #reserved = { usd: 0, tokens: 0 };

  constructor(options: BudgetOptions = {}) {
    this.maxUsd = options.maxUsd ?? 0;
    this.maxTokens = options.maxTokens ?? 0;
    this.#spent.usd = options.spent?.usd ?? 0;
    this.#spent.tokens = options.spent?.tokens ?? 0;
  }

  /** Dollars, tokens and calls settled so far. */
  get spent(): Readonly<{ usd: number; tokens: number; calls: number }> {
    return { ...this.#spent };
  }

  /** True once no further call of any size can start. */
  get exhausted(): boolean {
    return (this.maxUsd > 0 && this.#spent.usd >= this.maxUsd) ||
      (this.maxTokens > 0 && this.#spent.tokens >= this.maxTokens);
  }

  /**
   * Claims `worstCase` for a call about to start; throws BudgetExceeded when it might not fit.
   * `leftUsd` is what the caller's own books say is left (the engine's, which survive a resume);
   * calls in flight here count against it too.
   */
  reserve(worstCase: Spend, leftUsd?: number): Reservation {
    const committedUsd = this.#spent.usd + this.#reserved.usd;
    const committedTokens = this.#spent.tokens + this.#reserved.tokens;
    if (this.maxUsd > 0 && committedUsd + worstCase.usd > this.maxUsd) {
      throw new BudgetExceeded("usd", this.maxUsd, committedUsd, worstCase.usd);
    }
    if (leftUsd !== undefined && this.#reserved.usd + worstCase.usd > leftUsd) {
      throw new BudgetExceeded("usd", leftUsd, this.#reserved.usd, worstCase.usd);
    }
    if (this.maxTokens > 0 && committedTokens + worstCase.tokens > this.maxTokens) {
      throw new BudgetExceeded("tokens", this.maxTokens, committedTokens, worstCase.tokens);
    }
    this.#reserved.usd += worstCase.usd;
    this.#reserved.tokens += worstCase.tokens;
    return { worstCase, settled: false };
  }

  /** Releases a reservation and books what the call really cost (zero when it never ran). */
  settle(reservation: Reservation, actual: Spend, counted = true): void {
    if (reservation.settled) return;
    reservation.settled = true;
    this.#reserved.usd -= reservation.worstCase.usd;
    this.#reserved.tokens -= reservation.worstCase.tokens;
    this.#spent.usd += actual.usd;
    this.#spent.tokens += actual.tokens;
    if (counted) this.#spent.calls += 1;
  }
}
