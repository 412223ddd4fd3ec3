// Owns calls to OpenAI-compatible chat APIs: one SDK client per model, concurrency limit, timeout,
// retries with backoff, token and dollar accounting against the budget, and redaction of secrets.
import OpenAI from "openai";
import type { ProposalUsage } from "../records/proposal.ts";
import { Budget, type Spend } from "./budget.ts";
import { type ArmStats, ModelSelector } from "./ensemble.ts";
import { LlmError } from "../../errors/mod.ts";
import type { ResolvedLlmOptions, ResolvedModel } from "./options.ts";
import { redact } from "./redact.ts";
import { type AttemptFailure, backoffMs, classify, sleep } from "./_retry.ts";
import { Limit } from "./_limit.ts";

/** The two messages of one chat call. */
export interface ChatPrompt {
  readonly system: string;
  readonly user: string;
}

/** Usage of one call; `estimated` when the server sent no token counts (chars / 4 instead). */
export interface LlmUsage extends ProposalUsage {
  readonly estimated: boolean;
}

/** A finished call: the model's text (redacted) and what it cost. */
export interface LlmCompletion {
  readonly text: string;
  readonly label: string;
  readonly model: string;
  readonly usage: LlmUsage;
  readonly attempts: number;
  /** Wall time from the first attempt to the answer, backoff included. */
  readonly ms: number;
  readonly finishReason: string | null;
}

/** Per-call options of `complete()`. */
export interface CompleteOptions {
  /** Aborts the call (and its retries); it then fails with a non-transient LlmError. */
  readonly signal?: AbortSignal;
  /** Dollars the caller's books say are left; a call whose worst case exceeds it does not start. */
  readonly budgetLeftUsd?: number;
}

/** Spend and per-model statistics, for reports and the run summary. */
export interface LlmStats {
  readonly selection: "weighted" | "bandit";
  readonly spentUsd: number;
  readonly spentTokens: number;
  readonly calls: number;
  readonly budgetUsd: number;
  readonly budgetTokens: number;
  readonly models: readonly ArmStats[];
}

/** Conservative chars-per-token for the worst-case reservation (code tokenises densely). */
const CHARS_PER_TOKEN_WORST = 3;
/** Typical chars-per-token, used only when a server reports no usage. */
const CHARS_PER_TOKEN_TYPICAL = 4;

/** Calls the configured models; every string it returns or throws is redacted. */
export class LlmClient {
  readonly options: ResolvedLlmOptions;
  readonly selector: ModelSelector;
  readonly budget: Budget;
  readonly #sdk: OpenAI[];
  readonly #limit: Limit;
  readonly #closing = new AbortController();
  readonly #random: () => number;

  /** `random` drives backoff jitter only; `spent` carries a resumed run's spend over. */
  constructor(
    options: ResolvedLlmOptions,
    deps: { random?: () => number; spent?: Spend } = {},
  ) {
    this.options = options;
    this.selector = new ModelSelector(options.models, {
      mode: options.selection,
      costFloorUsd: options.costFloorUsd,
      exploration: options.exploration,
    });
    this.budget = new Budget({
      maxUsd: options.budgetUsd,
      maxTokens: options.budgetTokens,
      spent: deps.spent,
    });
    this.#limit = new Limit(options.concurrency);
    this.#random = deps.random ?? Math.random;
    this.#sdk = options.models.map((m) =>
      new OpenAI({
        baseURL: m.baseUrl,
        apiKey: m.apiKey.reveal(),
        timeout: options.timeoutMs,
        // Our own loop retries (configurable delays, budget check before each attempt).
        maxRetries: 0,
        logLevel: "off",
      })
    );
  }

  /** Removes every configured key (and credential-shaped token) from `text`. */
  redact(text: string): string {
    return redact(text, this.options.models.map((m) => m.apiKey));
  }

  /** Index of the model for the next call, from the ensemble or bandit. */
  chooseModel(random: () => number): number {
    return this.selector.choose(random);
  }

  /** Calls model `arm` with `prompt`; throws BudgetExceeded before any call that might not fit. */
  async complete(
    prompt: ChatPrompt,
    arm: number,
    options: CompleteOptions = {},
  ): Promise<LlmCompletion> {
    const model = this.options.models[arm];
    if (!model) throw new RangeError(`LlmClient.complete: no model #${arm}`);
    const messages = { system: this.redact(prompt.system), user: this.redact(prompt.user) };
    const signal = options.signal
      ? AbortSignal.any([this.#closing.signal, options.signal])
      : this.#closing.signal;
    const started = performance.now();
    for (let attempt = 1;; attempt++) {
      if (signal.aborted) {
        const failure = { transient: false, aborted: true, message: "aborted" };
        throw this.#error(model, failure, attempt - 1);
      }
      const outcome = await this.#limit.run(() =>
        this.#attempt(model, arm, messages, signal, options.budgetLeftUsd)
      );
      if ("text" in outcome) {
        return { ...outcome, attempts: attempt, ms: performance.now() - started };
      }
      if (!outcome.transient || outcome.aborted || attempt > this.options.retries) {
        throw this.#error(model, outcome, attempt);
      }
      const delay = backoffMs(
        attempt - 1,
        { baseMs: this.options.retryBaseDelayMs, maxMs: this.options.retryMaxDelayMs },
        this.#random,
        outcome.retryAfterMs,
      );
      await sleep(delay, signal);
    }
  }

  /** Spend so far and what the selector knows about each model. */
  stats(): LlmStats {
    const spent = this.budget.spent;
    return {
      selection: this.options.selection,
      spentUsd: spent.usd,
      spentTokens: spent.tokens,
      calls: spent.calls,
      budgetUsd: this.budget.maxUsd,
      budgetTokens: this.budget.maxTokens,
      models: this.selector.stats(),
    };
  }

  /** Aborts calls in flight and refuses new ones. */
  close(): Promise<void> {
    this.#closing.abort();
    return Promise.resolve();
  }

  /** One HTTP attempt inside a concurrency slot; a failure is returned, not thrown. */
  async #attempt(
    model: ResolvedModel,
    arm: number,
    messages: ChatPrompt,
    signal: AbortSignal,
    budgetLeftUsd: number | undefined,
  ): Promise<Omit<LlmCompletion, "attempts" | "ms"> | AttemptFailure> {
    const inChars = messages.system.length + messages.user.length;
    const worstTokens = Math.ceil(inChars / CHARS_PER_TOKEN_WORST) + model.maxTokens;
    const reservation = this.budget.reserve({
      tokens: worstTokens,
      usd: cost(model, Math.ceil(inChars / CHARS_PER_TOKEN_WORST), model.maxTokens),
    }, budgetLeftUsd);
    try {
      const response = await this.#sdk[arm].chat.completions.create(
        {
          model: model.model,
          messages: [
            { role: "system", content: messages.system },
            { role: "user", content: messages.user },
          ],
          temperature: model.temperature,
          max_tokens: model.maxTokens,
        },
        { signal },
      );
      const choice = response.choices?.[0];
      const text = this.redact(choice?.message?.content ?? "");
      const reported = response.usage;
      const inputTokens = reported?.prompt_tokens ??
        Math.ceil(inChars / CHARS_PER_TOKEN_TYPICAL);
      const outputTokens = reported?.completion_tokens ??
        Math.ceil(text.length / CHARS_PER_TOKEN_TYPICAL);
      const usage: LlmUsage = {
        inputTokens,
        outputTokens,
        costUsd: cost(model, inputTokens, outputTokens),
        model: model.label,
        estimated: !reported,
      };
      this.budget.settle(reservation, { usd: usage.costUsd, tokens: inputTokens + outputTokens });
      return {
        text,
        label: model.label,
        model: model.model,
        usage,
        finishReason: choice?.finish_reason ?? null,
      };
    } catch (error) {
      // A failed request is not billed by the APIs we target; nothing is booked.
      this.budget.settle(reservation, { usd: 0, tokens: 0 }, false);
      return classify(error, this.options.timeoutMs);
    }
  }

  #error(model: ResolvedModel, failure: AttemptFailure, attempts: number): LlmError {
    const what = failure.status === undefined ? "" : ` (HTTP ${failure.status})`;
    const advice = failure.aborted
      ? "the run is stopping or the client was closed"
      : failure.transient
      ? `gave up after ${attempts} attempt(s); the server may be overloaded, try again later or ` +
        "raise --retries / --timeout"
      : failure.status === 401 || failure.status === 403
      ? `check $${model.apiKeyEnv} and the base URL`
      : failure.status === 404
      ? "check the model name and the base URL"
      : "check the model settings in the spec";
    return new LlmError(
      this.redact(
        `llm: ${model.label} at ${model.baseUrl} failed${what}: ${failure.message}; ${advice}`,
      ),
      {
        status: failure.status,
        transient: failure.transient && !failure.aborted,
        attempts,
        aborted: failure.aborted,
      },
    );
  }
}

/** Dollars for a call of the given size at the model's prices. */
function cost(model: ResolvedModel, inputTokens: number, outputTokens: number): number {
  return (inputTokens * model.priceInPerM + outputTokens * model.priceOutPerM) / 1_000_000;
}
