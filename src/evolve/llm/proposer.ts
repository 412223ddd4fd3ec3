// Owns LlmProposer: one iteration's prompt -> model call -> parsed answer -> new program, with a
// record of every call (prompt, raw answer, usage) for the database and bandit feedback.
import type { Spec } from "../../spec/types.ts";
import type { GeneratedTypes } from "../../spec/types_gen.ts";
import type {
  Proposal,
  ProposalOutcome,
  ProposalRequest,
  ProposalResult,
  ProposalUsage,
  Proposer,
} from "../records/proposal.ts";
import { Rng } from "../../random/rng.ts";
import { applyAnswer } from "./apply.ts";
import { type LlmClient, type LlmCompletion, type LlmStats } from "./client.ts";
import { parseAnswer, type SearchReplace } from "./diff.ts";
import { isLlmError } from "../../errors/mod.ts";
import {
  type AnswerMode,
  buildPrompt,
  formatPrompt,
  type Prompt,
  type PromptContext,
  promptContext,
  type PromptOptions,
  resolvePromptOptions,
} from "./prompt.ts";
import { loadTemplates, type Templates } from "./template.ts";

/**
 * One LLM call as the database stores it (a superset of the store's `NewLlmCall`). Every string is
 * already redacted. `programId` is left to the engine: the child has no id when the call ends.
 */
export interface LlmCallLog {
  readonly iteration: number;
  readonly parentId: string;
  /** Model label (see ResolvedModel.label). */
  readonly model: string;
  readonly mode: AnswerMode;
  /** `formatPrompt()` of the messages sent. */
  readonly prompt: string;
  /** The model's raw answer; absent when no answer came. */
  readonly response?: string;
  /** Why the call failed or its answer was rejected. */
  readonly error?: string;
  /** "ok": a proposal was made; "rejected": the answer gave no usable program; "failed": no answer. */
  readonly outcome: "ok" | "rejected" | "failed";
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** True when the server reported no token counts and they were estimated from characters. */
  readonly estimatedUsage: boolean;
  readonly attempts: number;
  readonly ms: number;
}

export interface LlmProposerOptions {
  readonly client: LlmClient;
  readonly context: PromptContext;
  readonly templates: Templates;
  readonly prompt?: PromptOptions;
  /** Called after every call, before propose() returns; a throw here fails the proposal. */
  readonly onCall?: (log: LlmCallLog) => void | Promise<void>;
}

/** Salt of the model-choice stream, so it is independent of the answer-mode draw. */
const MODEL_STREAM = 0x6d6f64;
const PREFIX = "llm:";

/** A Proposer that asks an OpenAI-compatible model for SEARCH/REPLACE edits or a rewrite. */
export class LlmProposer implements Proposer {
  readonly name = "llm";
  readonly client: LlmClient;
  readonly #context: PromptContext;
  readonly #templates: Templates;
  readonly #prompt: Required<PromptOptions>;
  readonly #onCall?: (log: LlmCallLog) => void | Promise<void>;

  constructor(options: LlmProposerOptions) {
    this.client = options.client;
    this.#context = options.context;
    this.#templates = options.templates;
    this.#prompt = resolvePromptOptions(options.prompt);
    this.#onCall = options.onCall;
  }

  /** The exact prompt propose() would send for `request` (redacted); calls nothing. */
  render(request: ProposalRequest): Prompt {
    const p = buildPrompt(this.#context, request, this.#templates, this.#prompt);
    return { ...p, system: this.client.redact(p.system), user: this.client.redact(p.user) };
  }

  /**
   * Asks one model for a change to `request.parent`. A call that failed after retries or was
   * aborted by `request.signal`, or an answer that gives no applicable change, is `ok: false` with
   * the reason (usage included). Throws BudgetExceeded when no call may start (within this
   * client's budget or `request.budgetLeftUsd`), and LlmError for permanent failures (bad key,
   * unknown model): retrying those would only repeat them.
   */
  async propose(request: ProposalRequest): Promise<ProposalResult> {
    const prompt = this.render(request);
    const random = new Rng((request.seed ^ MODEL_STREAM) >>> 0);
    const arm = this.client.chooseModel(() => random.float());
    const label = this.client.options.models[arm].label;
    const proposer = PREFIX + label;
    const log = (
      fields: Omit<LlmCallLog, "iteration" | "parentId" | "model" | "mode" | "prompt">,
    ) =>
      this.#onCall?.({
        iteration: request.iteration,
        parentId: request.parent.id,
        model: label,
        mode: prompt.mode,
        prompt: formatPrompt(prompt),
        ...fields,
      });

    let completion: LlmCompletion;
    const started = performance.now();
    try {
      completion = await this.client.complete(prompt, arm, {
        signal: request.signal,
        budgetLeftUsd: request.budgetLeftUsd,
      });
    } catch (error) {
      if (!isLlmError(error)) throw error;
      // An abort is not the model's doing; anything else was a pull that gained nothing.
      if (!error.aborted) this.client.selector.reward(label, 0, 0);
      await log({
        error: error.message,
        outcome: "failed",
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        estimatedUsage: false,
        attempts: error.attempts,
        ms: performance.now() - started,
      });
      // Aborted (Ctrl-C) and overloaded servers are outcomes to record; a bad key is not.
      if (!error.transient && !error.aborted) throw error;
      return { ok: false, reason: error.message, proposer };
    }

    const usage: ProposalUsage = {
      inputTokens: completion.usage.inputTokens,
      outputTokens: completion.usage.outputTokens,
      costUsd: completion.usage.costUsd,
      model: label,
    };
    const answer = parseAnswer(completion.text);
    const applied = applyAnswer(request.parent.source, answer);
    const truncated = completion.finishReason === "length"
      ? " (the answer hit the max_tokens limit and was cut off)"
      : "";
    const common = {
      response: completion.text,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costUsd: usage.costUsd,
      estimatedUsage: completion.usage.estimated,
      attempts: completion.attempts,
      ms: completion.ms,
    };
    if (!applied.ok) {
      const reason = `llm ${label}: ${applied.reason}${truncated}`;
      this.client.selector.reward(label, 0, usage.costUsd);
      await log({ ...common, error: reason, outcome: "rejected" });
      return { ok: false, reason, proposer, usage };
    }
    await log({ ...common, outcome: "ok" });
    const proposal: Proposal = {
      source: applied.source,
      description: describe(answer.kind === "none" ? "" : answer.explanation, answer.kind, label),
      ...(answer.kind === "diff" ? { diff: formatEdits(answer.edits) } : {}),
      proposer,
      usage,
    };
    return { ok: true, proposal };
  }

  /** Bandit reward for a proposal of ours: the child's score gain over its parent, per dollar. */
  observe(outcome: ProposalOutcome): void {
    const { proposal, parentScore, childScore } = outcome;
    if (!proposal.proposer.startsWith(PREFIX)) return;
    const gain = childScore === undefined || parentScore === undefined
      ? 0
      : childScore - parentScore;
    this.client.selector.reward(
      proposal.proposer.slice(PREFIX.length),
      gain,
      proposal.usage?.costUsd ?? 0,
    );
  }

  /** Spend and per-model statistics (pulls, mean reward) for reports. */
  stats(): LlmStats {
    return this.client.stats();
  }

  /** Aborts calls in flight. */
  close(): Promise<void> {
    return this.client.close();
  }
}

/** Builds an LlmProposer from a spec, its generated types and options; loads the templates. */
export async function createLlmProposer(options: {
  readonly client: LlmClient;
  readonly spec: Spec;
  /** CompiledSpec.types, or a types text shown as is. */
  readonly types: string | GeneratedTypes;
  /** Folder whose `<name>.md` files replace the shipped templates. */
  readonly templatesDir?: string;
  readonly prompt?: PromptOptions;
  readonly onCall?: (log: LlmCallLog) => void | Promise<void>;
}): Promise<LlmProposer> {
  return new LlmProposer({
    client: options.client,
    context: promptContext(options.spec, options.types),
    templates: await loadTemplates(options.templatesDir),
    prompt: options.prompt,
    onCall: options.onCall,
  });
}

function describe(explanation: string, kind: string, label: string): string {
  const text = explanation || `${kind === "diff" ? "edit" : "rewrite"} proposed by ${label}`;
  return text.length <= 300 ? text : `${text.slice(0, 297)}...`;
}

/** The edits back in SEARCH/REPLACE form, as stored with the program. */
export function formatEdits(edits: readonly SearchReplace[]): string {
  return edits.map((e) => `<<<<<<< SEARCH\n${e.search}\n=======\n${e.replace}\n>>>>>>> REPLACE`)
    .join("\n");
}
