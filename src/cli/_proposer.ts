// Owns choosing the proposer `evolve` runs with: an LLM when one is configured (its calls logged in
// the run database, held to the engine's budget), else the offline AST mutator, said plainly; and
// the dry run that prints the prompt an LLM would get.
import type { Proposer } from "../evolve/records/mod.ts";
import type { Store } from "../evolve/database/mod.ts";
import {
  buildPrompt,
  createLlmProposer,
  formatPrompt,
  LlmClient,
  type LlmResolution,
  loadTemplates,
  promptContext,
  type PromptOptions,
} from "../evolve/llm/mod.ts";
import {
  type CandidateTypecheck,
  OfflineMutator,
  type OfflineMutatorOptions,
} from "../evolve/mutate/mod.ts";
import type { CompiledSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";

/** What the proposer is built from. */
export interface ProposerChoice {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly llm: LlmResolution;
  readonly store: Store;
  /**
   * Vets the offline mutator's candidates: the local evaluator's `typecheck` (its bounded child
   * process). None with remote workers, whose cascades type-check each candidate themselves.
   */
  readonly typecheck?: CandidateTypecheck;
  readonly templatesDir?: string;
  readonly prompt: PromptOptions;
  /** Options of the offline mutator (its type check comes from `typecheck`). */
  readonly mutator?: OfflineMutatorOptions;
}

/** The LLM proposer when `llm` is configured, else the offline mutator; says which on stderr. */
export async function chooseProposer(choice: ProposerChoice): Promise<Proposer> {
  const { spec, compiled, llm, store } = choice;
  if (llm.configured) {
    const proposer = await createLlmProposer({
      // One dollar budget: the engine's (it survives a resume); the client holds each call to
      // what the engine says is left rather than keeping a second, per-session budget.
      client: new LlmClient({ ...llm.options, budgetUsd: 0 }),
      spec,
      types: compiled.types,
      templatesDir: choice.templatesDir,
      prompt: choice.prompt,
      onCall: (log) => void store.addLlmCall(log),
    });
    console.error(
      `evolve ${spec.name}: LLM proposals from ${
        llm.options.models.map((m) => m.label).join(", ")
      }`,
    );
    return proposer;
  }
  console.error(
    `evolve ${spec.name}: OFFLINE — proposals come from the AST mutation engine (${llm.reason}).\n` +
      "  To use an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL for another endpoint) and name a model\n" +
      "  with --model or the spec's evolve.models; see docs/llm.md.",
  );
  // The evaluator's bounded child checks here too: an in-process ts-morph project would hold
  // ~80 MB of parsed lib types in the main process for the whole run.
  return new OfflineMutator({
    ...choice.mutator,
    ...(choice.typecheck ? { typecheck: choice.typecheck } : {}),
  });
}

/** Prints the prompt the first iteration of a new run would send, calling nothing. */
export async function printDryRun(
  spec: Spec,
  compiled: CompiledSpec,
  templatesDir: string | undefined,
  options: PromptOptions,
): Promise<void> {
  const prompt = buildPrompt(
    promptContext(spec, compiled.types),
    {
      parent: { id: "initial", source: await Deno.readTextFile(spec.program) },
      inspirations: [],
      iteration: 1,
      seed: 0,
      feedback: [],
    },
    await loadTemplates(templatesDir),
    options,
  );
  console.log(formatPrompt(prompt));
}
