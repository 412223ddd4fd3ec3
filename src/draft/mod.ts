/**
 * `draft`: a spec from a researcher's code. The deterministic part reads the entry's TypeScript
 * signature into input and output JSON Schemas, `args`, generic rules and a `properties` block;
 * with an LLM, an advisor proposes rules, metrics and a score, repairs located load errors in a
 * bounded loop, and proposes rules that kill the audit's survivors. The property gate runs the
 * researcher's own function against every drafted rule. See docs/draft.md.
 *
 * @example
 * ```ts
 * const result = await draftSpec({
 *   modulePath: "topk.ts", entry: "topK", out: "topk.yaml", sandbox, ask: () => Promise.resolve("drop"),
 * });
 * ```
 * @module
 */
export { draftSpec } from "./draft.ts";
export type { Answer, DraftAdvisor, DraftOptions, DraftResult } from "./types.ts";
export {
  type DraftParam,
  type EntrySignature,
  readEntrySignature,
  type Schema,
} from "./signature.ts";
export { type DraftRule, genericRules } from "./generic_rules.ts";
export { type DraftDocument, draftDocument, type DraftProposal, renderDraft } from "./compose.ts";
export { type BrokenRule, findBrokenRules, type Verification } from "./verify.ts";
export { llmAdvisor, yamlBlock } from "./llm_advisor.ts";
