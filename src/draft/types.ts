// Owns the draft's contracts: the advisor (the LLM side), the researcher's answer about a broken
// rule, the options of a draft and what it produced.
import type { EvaluationFailure } from "../evaluate/mod.ts";
import type { Sandbox } from "../sandbox/types.ts";
import type { DraftProposal } from "./compose.ts";
import type { DraftRule } from "./generic_rules.ts";
import type { BrokenRule } from "./verify.ts";

/** The LLM side of drafting; tests pass a fake or the real client behind a loopback mock. */
export interface DraftAdvisor {
  /** Proposals for the deterministic draft, from the code and the researcher's description. */
  propose(input: { code: string; description?: string; draft: string }): Promise<DraftProposal>;
  /** A corrected proposal for a draft that failed to load with these located errors. */
  repair(input: { draft: string; errors: string }): Promise<DraftProposal>;
  /** Rules that would kill the audit's surviving mutants (described with their inputs). */
  killSurvivors(input: { draft: string; survivors: string }): Promise<readonly DraftRule[]>;
}

/** The researcher's answer about a rule their function breaks: is the rule wrong, or the code? */
export type Answer = "keep" | "drop";

/** What drafting needs. */
export interface DraftOptions {
  readonly modulePath: string;
  readonly entry: string;
  /** Where the spec is written. */
  readonly out: string;
  /** The researcher's description of the problem (the --describe file's text). */
  readonly description?: string;
  readonly sandbox: Sandbox;
  /** Absent: the deterministic draft only. */
  readonly advisor?: DraftAdvisor;
  /** Asked about each rule the function breaks. */
  readonly ask: (rule: BrokenRule) => Promise<Answer>;
  /** Load-error repair rounds with the advisor. @default 3 */
  readonly maxRepairs?: number;
  /** Offline mutants per program in the audit. @default 8 */
  readonly auditMutants?: number;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

/** What drafting produced. */
export interface DraftResult {
  readonly path: string;
  readonly rules: readonly string[];
  readonly broken: readonly (BrokenRule & { readonly answer: Answer })[];
  /** A failure of the function on generated inputs that no rule explains (it threw, …). */
  readonly failure?: EvaluationFailure;
  readonly repairs: number;
  /** Rules the advisor added to kill audit survivors (and the function passes). */
  readonly auditRules: readonly string[];
  /** Mutation score of the draft, and after the advisor's survivor-killing rules. */
  readonly score: number | null;
  readonly scoreAfter?: number | null;
  /** Why the audit could not mutate the function (it breaks a rule that was kept). */
  readonly auditSkipped?: string;
  /** Types that became "any value" in the schemas. */
  readonly loose: readonly string[];
}
