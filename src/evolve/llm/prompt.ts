// Owns the prompt of one iteration: what the model is told about the problem (spec parts and
// generated types), the parent, its feedback, inspirations, and the answer format. Pure: rendering
// calls nothing, so `--dry-run` prints exactly what would be sent.
import type { PromptHint, Spec } from "../../spec/types.ts";
import type { GeneratedTypes } from "../../spec/types_gen.ts";
import { findBlocks } from "../source/blocks.ts";
import type { ProposalRequest } from "../records/proposal.ts";
import { Rng } from "../../random/rng.ts";
import { renderTemplate, type Templates } from "./template.ts";
import {
  failuresText,
  feedbackText,
  fence,
  hintsText,
  inspirationsText,
  invariantsText,
  metricsText,
  scoreLine,
  stagesText,
} from "./_sections.ts";

/** What the prompt needs from the spec, fixed for a run. */
export interface PromptContext {
  readonly name: string;
  readonly description: string;
  readonly entry: string;
  /** The spec's `prompt.system`. */
  readonly system: string;
  readonly hints: readonly PromptHint[];
  readonly invariants: readonly { readonly id: string; readonly doc: string }[];
  readonly metrics: readonly {
    readonly name: string;
    readonly goal: "max" | "min";
    readonly measure?: "time";
  }[];
  /** The score expression, when the spec has one. */
  readonly score?: string;
  /** Generated TypeScript: the input/output declarations and the entry's signature. */
  readonly types: string;
}

/**
 * Builds the prompt context from a loaded spec and its generated types (CompiledSpec.types), or
 * any types text to show as is.
 */
export function promptContext(spec: Spec, types: string | GeneratedTypes): PromptContext {
  return {
    name: spec.name,
    description: spec.description,
    entry: spec.entry,
    system: spec.prompt.system,
    hints: spec.prompt.hints,
    invariants: spec.invariants.map((r) => ({ id: r.id, doc: r.doc })),
    metrics: spec.metrics.map((m) => ({
      name: m.name,
      goal: m.goal,
      ...("measure" in m ? { measure: m.measure } : {}),
    })),
    ...(spec.score ? { score: spec.score.code } : {}),
    types: typeof types === "string" ? types : promptTypes(types, spec.entry),
  };
}

/**
 * The generated declarations a candidate needs: input and output types and the entry signature.
 * `Params` (and its `$defs`) only drive input generation, so they stay out of the prompt.
 */
export function promptTypes(types: Pick<GeneratedTypes, "named">, entry: string): string {
  return [...types.named].filter(([name]) => !name.startsWith("Params"))
    .map(([name, decl]) =>
      name === "Entry" ? `/** \`${entry}\` must be exported with this signature. */\n${decl}` : decl
    ).join("\n");
}

export interface PromptOptions {
  /** Share of iterations that ask for a full rewrite instead of SEARCH/REPLACE blocks. @default 0.1 */
  readonly fullRewriteRatio?: number;
  /** Hint switches by id, over each hint's `enabled` (for ablations). @default {} */
  readonly hints?: Readonly<Record<string, boolean>>;
  /** Failures shown at most. @default 5 */
  readonly maxFailures?: number;
  /** Characters of one message, counterexample or output shown at most. @default 1500 */
  readonly maxExampleChars?: number;
}

export type ResolvedPromptOptions = Required<PromptOptions>;

/** Fills defaults and checks ranges. */
export function resolvePromptOptions(options: PromptOptions = {}): ResolvedPromptOptions {
  const resolved = {
    fullRewriteRatio: options.fullRewriteRatio ?? 0.1,
    hints: options.hints ?? {},
    maxFailures: options.maxFailures ?? 5,
    maxExampleChars: options.maxExampleChars ?? 1500,
  };
  if (!(resolved.fullRewriteRatio >= 0 && resolved.fullRewriteRatio <= 1)) {
    throw new RangeError(
      `prompt options: fullRewriteRatio must be within [0, 1], got ${resolved.fullRewriteRatio}`,
    );
  }
  if (!(resolved.maxFailures >= 0 && resolved.maxExampleChars > 0)) {
    throw new RangeError("prompt options: maxFailures must be >= 0 and maxExampleChars > 0");
  }
  return resolved;
}

/** How the model is asked to answer. */
export type AnswerMode = "diff" | "rewrite";

/** The two messages of one iteration, and the answer format asked for. */
export interface Prompt {
  readonly system: string;
  readonly user: string;
  readonly mode: AnswerMode;
}

/** The answer format of an iteration: a pure function of its seed. */
export function answerMode(seed: number, fullRewriteRatio: number): AnswerMode {
  return new Rng(seed).float() < fullRewriteRatio ? "rewrite" : "diff";
}

/** Renders the exact prompt for `request`; calls nothing. */
export function buildPrompt(
  context: PromptContext,
  request: ProposalRequest,
  templates: Templates,
  options: PromptOptions = {},
): Prompt {
  const o = resolvePromptOptions(options);
  const mode = answerMode(request.seed, o.fullRewriteRatio);
  const scan = findBlocks(request.parent.source);
  const base = {
    name: context.name,
    description: context.description.trim(),
    system: context.system.trim(),
    entry: context.entry,
    marked: scan.ok && scan.marked ? "yes" : "",
  };
  const limits = { maxFailures: o.maxFailures, maxExampleChars: o.maxExampleChars };
  const values = {
    ...base,
    iteration: String(request.iteration),
    types: context.types.trim(),
    invariants: invariantsText(context.invariants),
    metrics: metricsText(context.metrics),
    score: context.score?.trim() ?? "",
    hints: hintsText(context.hints, o.hints, request.hints ?? []),
    parent: fence(request.parent.source),
    parent_summary: scoreLine(request.parent),
    parent_stages: stagesText(request.parentEvaluation, limits),
    failures: failuresText(request.failures ?? [], limits),
    feedback: feedbackText(request.feedback),
    inspirations: inspirationsText(request.inspirations),
    format: renderTemplate(
      mode === "diff" ? templates.format_diff : templates.format_rewrite,
      base,
      `format_${mode}.md`,
    ).trim(),
  };
  return {
    system: renderTemplate(templates.system, values, "system.md").trim() + "\n",
    user: renderTemplate(templates.user, values, "user.md").trim() + "\n",
    mode,
  };
}

/** The prompt as one text (for `--dry-run` and the stored call record). */
export function formatPrompt(prompt: Pick<Prompt, "system" | "user">): string {
  return `=== system ===\n${prompt.system}\n=== user ===\n${prompt.user}`;
}
