// Owns the LLM advisor of `draft`: the three prompts (propose, repair located load errors, kill
// audit survivors) sent through the shared OpenAI-compatible client, and parsing the YAML block of
// each answer into proposals. An answer without a usable block is an empty proposal, so the
// bounded repair loop, not this module, decides when to give up.
import { parse } from "yaml";
import type { LlmClient } from "../evolve/llm/mod.ts";
import type { DraftProposal } from "./compose.ts";
import type { DraftAdvisor } from "./types.ts";
import type { DraftRule } from "./generic_rules.ts";

const SYSTEM = `You help a researcher write a specevolve problem spec (YAML). A spec has JSON Schema
\`input\` and \`output\`, optional \`derive\`/\`assume\` for generated inputs, \`invariants\` (each
{id, doc, check}: a TypeScript boolean expression over \`input\` and \`output\`, with the prelude
sum, range, count, all, any, histogram, isPermutation in scope), \`metrics\` and \`score\`.
Answer with exactly one fenced \`\`\`yaml block and nothing else that matters.`;

const PROPOSE_KEYS = "description, input, output, derive, assume, invariants, metrics, score";

/** A DraftAdvisor that asks the configured LLM (model 0 of `client`). */
export function llmAdvisor(client: LlmClient): DraftAdvisor {
  const ask = async (user: string): Promise<Record<string, unknown>> => {
    const answer = await client.complete({ system: SYSTEM, user }, 0);
    return yamlBlock(answer.text);
  };
  return {
    async propose({ code, description, draft }) {
      return proposal(
        await ask(
          `The researcher's module:\n\`\`\`typescript\n${code}\n\`\`\`\n\n` +
            (description ? `Their description of the problem:\n${description}\n\n` : "") +
            `The deterministic draft, from the entry's signature:\n\`\`\`yaml\n${draft}\`\`\`\n\n` +
            `Propose invariants that every correct output satisfies (each with id and doc), and ` +
            `derive/assume, metrics and a score where the code shows them. Answer with a YAML ` +
            `mapping of any of: ${PROPOSE_KEYS}; a key you give replaces the draft's.`,
        ),
      );
    },
    async repair({ draft, errors }) {
      return proposal(
        await ask(
          `This draft spec needs a fix:\n\`\`\`yaml\n${draft}\`\`\`\n\nWhat went wrong:\n` +
            `${errors}\n\nAnswer with a YAML mapping of the keys to replace (${PROPOSE_KEYS}) ` +
            `that fixes every error.`,
        ),
      );
    },
    async killSurvivors({ draft, survivors }) {
      const answer = await ask(
        `The spec:\n\`\`\`yaml\n${draft}\`\`\`\n\nThese mutants of the researcher's program pass ` +
          `every rule yet behave differently (each with the input where its output differs and ` +
          `its diff):\n${survivors}\n\nPropose invariants that a correct program passes and ` +
          `these mutants break. Answer with a YAML mapping \`invariants:\` listing only the new rules.`,
      );
      return rules(answer.invariants);
    },
  };
}

/** The mapping in the first ```yaml (or unlabelled) fenced block, or {} when there is none. */
export function yamlBlock(text: string): Record<string, unknown> {
  const block = /```(?:ya?ml)?\s*\n([\s\S]*?)```/.exec(text)?.[1];
  if (block === undefined) return {};
  try {
    const value = parse(block);
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? value as Record<string, unknown>
      : {};
  } catch {
    return {};
  }
}

/** The proposal's known keys; ill-shaped rules are left out (the loader reports the rest). */
function proposal(answer: Record<string, unknown>): DraftProposal {
  const out: Record<string, unknown> = {};
  for (const key of ["description", "input", "output", "derive", "assume", "metrics", "score"]) {
    if (answer[key] !== undefined) out[key] = answer[key];
  }
  if (answer.invariants !== undefined) out.invariants = rules(answer.invariants);
  return out as DraftProposal;
}

function rules(value: unknown): DraftRule[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is DraftRule =>
    r !== null && typeof r === "object" && typeof r.id === "string" &&
    typeof r.check === "string"
  ).map((r) => ({ id: r.id, doc: typeof r.doc === "string" ? r.doc : r.id, check: r.check }));
}
