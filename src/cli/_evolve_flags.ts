// Owns the `evolve` command line: its flags, and how they become the LLM, prompt and engine
// options (each checked with the flag's name in the message).
import type { LlmFlags, PromptOptions } from "../evolve/llm/mod.ts";
import type { OfflineMutatorOptions } from "../evolve/mutate/mod.ts";
import type { EvolveOverrides } from "../evolve/mod.ts";
import { UsageError } from "../errors/mod.ts";
import { intFlag, numberFlag, type parseCommandArgs } from "./_args.ts";

/** The flags `evolve` takes (see its help). */
export const FLAGS = {
  resume: { type: "string" },
  force: { type: "boolean" },
  "runs-dir": { type: "string" },
  seed: { type: "string" },
  iterations: { type: "string" },
  "max-seconds": { type: "string" },
  target: { type: "string" },
  plateau: { type: "string" },
  "budget-usd": { type: "string" },
  "budget-tokens": { type: "string" },
  runs: { type: "string" },
  concurrency: { type: "string" },
  offline: { type: "boolean" },
  model: { type: "string", multiple: true },
  "base-url": { type: "string" },
  selection: { type: "string" },
  templates: { type: "string" },
  "rewrite-ratio": { type: "string" },
  hint: { type: "string", multiple: true },
  "no-hint": { type: "string", multiple: true },
  "no-operator-bandit": { type: "boolean" },
  "no-guard": { type: "boolean" },
  "dry-run": { type: "boolean" },
  quiet: { type: "boolean" },
  store: { type: "string" },
  workers: { type: "string" },
  "lease-seconds": { type: "string" },
  retries: { type: "string" },
} as const;

/** Parsed `evolve` flags. */
export type Values = ReturnType<typeof parseCommandArgs<typeof FLAGS>>["values"];

/**
 * The flags that set up a run (limits, evaluation, proposer and model settings), as opposed to
 * those about one invocation (where, whether to resume, output). A run stores them as given at its
 * start, and a resume reuses them unless given again.
 */
const RUN_SETTING_FLAGS = [
  "iterations",
  "max-seconds",
  "target",
  "plateau",
  "budget-usd",
  "budget-tokens",
  "runs",
  "concurrency",
  "offline",
  "model",
  "base-url",
  "selection",
  "templates",
  "rewrite-ratio",
  "hint",
  "no-hint",
  "no-operator-bandit",
  "no-guard",
] as const satisfies readonly (keyof typeof FLAGS)[];

/** The run-setting flags given in `values`, JSON-safe, to store with the run. */
export function runSettingsOf(values: Values): Record<string, unknown> {
  return Object.fromEntries(
    RUN_SETTING_FLAGS.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]),
  );
}

/** `values` over the run's stored settings: a flag given now replaces only its own setting. */
export function withStoredSettings(values: Values, stored: unknown): Values {
  const settings = (stored ?? {}) as Record<string, unknown>;
  const kept = RUN_SETTING_FLAGS.filter((k) => settings[k] !== undefined).map((
    k,
  ) => [k, settings[k]]);
  const given = Object.entries(values).filter(([, v]) => v !== undefined);
  return Object.fromEntries([...kept, ...given]) as Values;
}

/** The LLM flags: models, endpoint, selection, budgets. */
export function llmFlagsOf(values: Values): LlmFlags {
  const selection = values.selection;
  if (selection !== undefined && selection !== "weighted" && selection !== "bandit") {
    throw new UsageError(`evolve: --selection must be weighted or bandit, got "${selection}"`);
  }
  return {
    offline: values.offline,
    models: values.model,
    baseUrl: values["base-url"],
    selection,
    budgetUsd: numberFlag("evolve", "budget-usd", values["budget-usd"], undefined),
    budgetTokens: numberFlag("evolve", "budget-tokens", values["budget-tokens"], undefined),
  };
}

/** The offline mutator flags: the operator bandit and the site guard, both on unless switched off. */
export function mutatorOptionsOf(values: Values): OfflineMutatorOptions {
  return { operatorBandit: !values["no-operator-bandit"], guardSites: !values["no-guard"] };
}

/** The prompt flags: hints on and off, the full-rewrite ratio. */
export function promptOptionsOf(values: Values): PromptOptions {
  const hints: Record<string, boolean> = {};
  for (const id of values.hint ?? []) hints[id] = true;
  for (const id of values["no-hint"] ?? []) hints[id] = false;
  return {
    hints,
    fullRewriteRatio: numberFlag("evolve", "rewrite-ratio", values["rewrite-ratio"], undefined),
  };
}

/** The stopping-rule flags the engine takes over the spec's `evolve` settings. */
export function stopFlagsOf(values: Values): Omit<EvolveOverrides, "budgetUsd"> {
  return {
    iterations: values.iterations === undefined
      ? undefined
      : intFlag("evolve", "iterations", values.iterations, 0),
    maxSeconds: numberFlag("evolve", "max-seconds", values["max-seconds"], undefined),
    targetScore: numberFlag("evolve", "target", values.target, undefined),
    plateau: values.plateau === undefined
      ? undefined
      : intFlag("evolve", "plateau", values.plateau, 0),
  };
}
