/**
 * The LLM path of specevolve: configuration (`resolveLlmOptions`), the OpenAI-compatible client
 * with ensemble/bandit, retries and a hard budget (`LlmClient`), the prompt builder
 * (`buildPrompt`, templates under `templates/`), answer parsing and application, and the
 * `LlmProposer` the engine calls. See docs/llm.md.
 *
 * @example
 * ```ts
 * const llm = resolveLlmOptions(spec.evolve, Deno.env.toObject(), flags);
 * if (llm.configured) {
 *   const proposer = await createLlmProposer({
 *     client: new LlmClient(llm.options), spec, types, onCall: (log) => store.addLlmCall(log),
 *   });
 * }
 * ```
 * @module
 */
export {
  LLM_ENV,
  type LlmFlags,
  type LlmOptions,
  type LlmResolution,
  type ModelSelectionMode,
  OPENAI_DEFAULT_BASE_URL,
  resolveBudgetUsd,
  type ResolvedLlmOptions,
  type ResolvedModel,
  resolveLlmOptions,
} from "./options.ts";
export { redact, REDACTED, Secret } from "./redact.ts";
export { Budget, type BudgetOptions, type Spend } from "./budget.ts";
export { type Arm, type ArmStats, ModelSelector, type ModelSelectorOptions } from "./ensemble.ts";
export {
  type ChatPrompt,
  LlmClient,
  type LlmCompletion,
  type LlmStats,
  type LlmUsage,
} from "./client.ts";
export {
  type AnswerMode,
  answerMode,
  buildPrompt,
  formatPrompt,
  type Prompt,
  type PromptContext,
  promptContext,
  type PromptOptions,
  promptTypes,
  type ResolvedPromptOptions,
  resolvePromptOptions,
} from "./prompt.ts";
export {
  DEFAULT_TEMPLATES_DIR,
  loadTemplates,
  renderTemplate,
  TEMPLATE_NAMES,
  type TemplateName,
  type Templates,
} from "./template.ts";
export { parseAnswer, type ParsedAnswer, type SearchReplace } from "./diff.ts";
export { type Applied, applyAnswer, applyEdits } from "./apply.ts";
export {
  createLlmProposer,
  formatEdits,
  type LlmCallLog,
  LlmProposer,
  type LlmProposerOptions,
} from "./proposer.ts";
