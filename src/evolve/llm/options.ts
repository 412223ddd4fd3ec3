// Owns LLM configuration: which models to call, where, with which key (by env var name), and the
// client's limits; merges the spec's evolve.models with flags and environment variables.
import type { EvolveConfig, ModelConfig } from "../../spec/types.ts";
import { UsageError } from "../../errors/usage_error.ts";
import { redact, Secret } from "./redact.ts";

/** How the ensemble picks a model for each call. */
export type ModelSelectionMode = "weighted" | "bandit";

/** The endpoint every OpenAI client uses when nothing else is named. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Client knobs; the CLI fills them from flags, tests pass tiny delays. */
export interface LlmOptions {
  /** Weighted random choice, or a UCB bandit on score gain per dollar. @default "weighted" */
  readonly selection?: ModelSelectionMode;
  /**
   * Hard dollar budget of the client itself; 0 means none. `resolveLlmOptions` puts the run's
   * budget here (flag, then SPECEVOLVE_BUDGET_USD, then the spec); under the engine the CLI hands
   * that to the engine, which owns it across sessions, and builds the client with 0: each call is
   * then held to what the engine says is left (`CompleteOptions.budgetLeftUsd`). @default 0
   */
  readonly budgetUsd?: number;
  /** Hard budget on input + output tokens; 0 means none. @default 0 */
  readonly budgetTokens?: number;
  /** Per-request timeout, ms. @default 120000 */
  readonly timeoutMs?: number;
  /** Retries after a 429, 5xx, timeout or network error. @default 3 */
  readonly retries?: number;
  /** First backoff delay, doubled per retry, with jitter. @default 1000 */
  readonly retryBaseDelayMs?: number;
  /** Cap on one backoff delay (also on a server's Retry-After). @default 30000 */
  readonly retryMaxDelayMs?: number;
  /** Calls in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Bandit reward is gain / max(cost, this), so free local models still rank. @default 0.0001 */
  readonly costFloorUsd?: number;
  /** Weight of the bandit's exploration term. @default 1 */
  readonly exploration?: number;
}

/** Command-line overrides (flags win over env, env over the spec). */
export interface LlmFlags extends LlmOptions {
  /** `--model NAME`, repeatable: replaces the spec's models (weight 1, no price known). */
  readonly models?: readonly string[];
  /** `--base-url URL`: the endpoint of every model. */
  readonly baseUrl?: string;
  /** `--offline`: use the AST mutator even when an LLM is configured. */
  readonly offline?: boolean;
}

/** One model ready to call. The key is a Secret: it never prints. */
export interface ResolvedModel {
  /** Unique name in this run, e.g. "gpt-4o-mini" (host added when a name repeats). */
  readonly label: string;
  readonly model: string;
  readonly baseUrl: string;
  readonly apiKeyEnv: string;
  readonly apiKey: Secret;
  readonly weight: number;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly priceInPerM: number;
  readonly priceOutPerM: number;
}

/** Complete client options. */
export interface ResolvedLlmOptions extends Required<LlmOptions> {
  readonly models: readonly ResolvedModel[];
}

/** Whether an LLM is configured; when not, why (the CLI prints it and runs the offline mutator). */
export type LlmResolution =
  | { readonly configured: true; readonly options: ResolvedLlmOptions; readonly warnings: string[] }
  | { readonly configured: false; readonly reason: string; readonly warnings: string[] };

/** Environment variables read here, beside each model's `apiKeyEnv`. */
export const LLM_ENV = {
  baseUrl: "OPENAI_BASE_URL",
  apiKey: "OPENAI_API_KEY",
  models: "SPECEVOLVE_MODELS",
  budgetUsd: "SPECEVOLVE_BUDGET_USD",
  budgetTokens: "SPECEVOLVE_BUDGET_TOKENS",
} as const;

/** Defaults for models named on the command line or in SPECEVOLVE_MODELS. */
const FLAG_MODEL: Omit<ModelConfig, "model"> = {
  apiKeyEnv: LLM_ENV.apiKey,
  weight: 1,
  temperature: 0.7,
  maxTokens: 4096,
  priceInPerM: 0,
  priceOutPerM: 0,
};

type Env = Readonly<Record<string, string | undefined>>;

/** Decides whether an LLM is configured and returns the complete options when it is. */
export function resolveLlmOptions(
  evolve: Pick<EvolveConfig, "models" | "budgetUsd">,
  env: Env,
  flags: LlmFlags = {},
): LlmResolution {
  const warnings: string[] = [];
  if (flags.offline) return { configured: false, reason: "offline: --offline was given", warnings };
  const envModels = env[LLM_ENV.models]?.split(",").map((m) => m.trim()).filter((m) => m) ?? [];
  const named: readonly ModelConfig[] = flags.models?.length
    ? flags.models.map((model) => ({ ...FLAG_MODEL, model }))
    : envModels.length
    ? envModels.map((model) => ({ ...FLAG_MODEL, model }))
    : evolve.models;
  if (named.length === 0) {
    const hint = env[LLM_ENV.apiKey] || env[LLM_ENV.baseUrl]
      ? ` (${LLM_ENV.apiKey}/${LLM_ENV.baseUrl} is set, but no model is named)`
      : "";
    return {
      configured: false,
      reason: `offline: no LLM model named${hint}; add evolve.models to the spec, pass --model, ` +
        `or set ${LLM_ENV.models}`,
      warnings,
    };
  }
  const usable = named.flatMap((m) => resolveModel(m, env, flags.baseUrl, warnings));
  if (usable.length === 0) {
    return {
      configured: false,
      reason: "offline: no named model is usable (see the warnings); set the API key variables",
      warnings,
    };
  }
  const options = fillDefaults(evolve, env, flags, labelled(usable));
  for (const m of options.models) {
    if (m.priceInPerM === 0 && m.priceOutPerM === 0 && options.budgetUsd > 0) {
      warnings.push(
        `llm: model ${m.label} has no price (priceInPerM/priceOutPerM); its calls count $0 ` +
          `against the dollar budget`,
      );
    }
  }
  return { configured: true, options, warnings };
}

/** One named model with its endpoint and key, or nothing (and a warning) when it cannot be called. */
function resolveModel(
  m: ModelConfig,
  env: Env,
  flagBaseUrl: string | undefined,
  warnings: string[],
): (ModelConfig & { baseUrl: string; apiKey: Secret })[] {
  if (!(m.weight > 0)) {
    warnings.push(`llm: model ${m.model} has weight ${m.weight}; it is not used`);
    return [];
  }
  const baseUrl = (flagBaseUrl ?? m.baseUrl ?? env[LLM_ENV.baseUrl] ?? OPENAI_DEFAULT_BASE_URL)
    .replace(/\/+$/, "");
  checkUrl(baseUrl);
  const key = env[m.apiKeyEnv];
  if (key) return [{ ...m, baseUrl, apiKey: new Secret(key) }];
  if (baseUrl === OPENAI_DEFAULT_BASE_URL) {
    warnings.push(`llm: model ${m.model} skipped: $${m.apiKeyEnv} is not set`);
    return [];
  }
  // Local servers (vLLM, Ollama, llama.cpp) take any key, but the SDK insists on one.
  warnings.push(
    `llm: model ${m.model}: $${m.apiKeyEnv} is not set; calling ${
      redact(baseUrl)
    } without a key (fine for a local server)`,
  );
  return [{ ...m, baseUrl, apiKey: new Secret("no-key") }];
}

function checkUrl(url: string): void {
  let ok = false;
  try {
    ok = ["http:", "https:"].includes(new URL(url).protocol);
  } catch { /* reported below */ }
  if (!ok) {
    throw new UsageError(
      `llm options: base URL "${redact(url)}" is not an http(s) URL; ` +
        `pass e.g. --base-url http://127.0.0.1:8000/v1`,
    );
  }
}

/** Gives every model a unique label so stats, records and the bandit can name it. */
function labelled(
  models: (ModelConfig & { baseUrl: string; apiKey: Secret })[],
): ResolvedModel[] {
  const withHost = (m: ModelConfig & { baseUrl: string }) =>
    `${m.model}@${new URL(m.baseUrl).host}`;
  const repeats = (f: (m: (typeof models)[number]) => string, v: string) =>
    models.filter((x) => f(x) === v).length > 1;
  return models.map((m, i) => {
    let label = m.model;
    if (repeats((x) => x.model, m.model)) label = withHost(m);
    if (repeats(withHost, withHost(m))) label = `${label}#${i + 1}`;
    return {
      label,
      model: m.model,
      baseUrl: m.baseUrl,
      apiKeyEnv: m.apiKeyEnv,
      apiKey: m.apiKey,
      weight: m.weight,
      temperature: m.temperature,
      maxTokens: m.maxTokens,
      priceInPerM: m.priceInPerM,
      priceOutPerM: m.priceOutPerM,
    };
  });
}

/**
 * The run's dollar budget: `--budget-usd`, else SPECEVOLVE_BUDGET_USD, else the spec's
 * `evolve.budgetUsd`. Resolved here once, for the engine (which owns it) and the client alike.
 */
export function resolveBudgetUsd(
  evolve: Pick<EvolveConfig, "budgetUsd">,
  env: Env,
  flags: Pick<LlmFlags, "budgetUsd">,
): number {
  return flags.budgetUsd ?? envNumber(env, LLM_ENV.budgetUsd) ?? evolve.budgetUsd;
}

function fillDefaults(
  evolve: Pick<EvolveConfig, "budgetUsd">,
  env: Env,
  flags: LlmFlags,
  models: readonly ResolvedModel[],
): ResolvedLlmOptions {
  const options: ResolvedLlmOptions = {
    models,
    selection: flags.selection ?? "weighted",
    budgetUsd: resolveBudgetUsd(evolve, env, flags),
    budgetTokens: flags.budgetTokens ?? envNumber(env, LLM_ENV.budgetTokens) ?? 0,
    timeoutMs: flags.timeoutMs ?? 120_000,
    retries: flags.retries ?? 3,
    retryBaseDelayMs: flags.retryBaseDelayMs ?? 1000,
    retryMaxDelayMs: flags.retryMaxDelayMs ?? 30_000,
    concurrency: flags.concurrency ?? 4,
    costFloorUsd: flags.costFloorUsd ?? 0.0001,
    exploration: flags.exploration ?? 1,
  };
  const checks: [keyof LlmOptions, boolean][] = [
    ["selection", options.selection === "weighted" || options.selection === "bandit"],
    ["budgetUsd", options.budgetUsd >= 0],
    ["budgetTokens", options.budgetTokens >= 0],
    ["timeoutMs", options.timeoutMs > 0],
    ["retries", Number.isInteger(options.retries) && options.retries >= 0],
    ["retryBaseDelayMs", options.retryBaseDelayMs >= 0],
    ["retryMaxDelayMs", options.retryMaxDelayMs >= 0],
    ["concurrency", Number.isInteger(options.concurrency) && options.concurrency >= 1],
    ["costFloorUsd", options.costFloorUsd > 0],
    ["exploration", options.exploration >= 0],
  ];
  const bad = checks.filter(([, ok]) => !ok).map(([k]) => `${k}=${String(options[k])}`);
  if (bad.length) {
    throw new UsageError(
      `llm options: invalid ${bad.join(", ")}; selection is weighted|bandit, counts are ` +
        `non-negative integers (concurrency >= 1), durations and budgets non-negative numbers`,
    );
  }
  return options;
}

function envNumber(env: Env, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    throw new UsageError(`llm options: $${name}="${raw}" is not a number; unset it or fix it`);
  }
  return n;
}
