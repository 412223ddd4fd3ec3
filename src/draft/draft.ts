// Owns `draftSpec`: a spec from a researcher's module. The deterministic draft (schemas from the
// entry's signature, generic rules) is loaded; an optional advisor (the LLM) proposes rules,
// metrics and a score and repairs located load errors in a bounded loop; the property gate runs the
// researcher's function against the rules and asks about each one it breaks; a final audit reports
// the mutation score, and the advisor may propose rules that kill the audit's survivors.
import { type AuditReport, type MutantResult, runAudit } from "../audit/mod.ts";
import { isSpecEvolveError } from "../errors/mod.ts";
import type { EvaluationFailure } from "../evaluate/mod.ts";
import type { Sandbox } from "../sandbox/types.ts";
import { compileSpec, loadSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import {
  type DraftDocument,
  draftDocument,
  type DraftProposal,
  keepRules,
  renderDraft,
  withProposal,
} from "./compose.ts";
import { type DraftRule, genericRules } from "./generic_rules.ts";
import { readEntrySignature } from "./signature.ts";
import { type BrokenRule, findBrokenRules } from "./verify.ts";

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

/** Drafts, checks and writes a spec for `options.entry` of `options.modulePath`. */
export async function draftSpec(options: DraftOptions): Promise<DraftResult> {
  const log = options.log ?? (() => {});
  const code = await Deno.readTextFile(options.modulePath);
  const signature = readEntrySignature(options.modulePath, options.entry);
  let doc = draftDocument(
    signature,
    options.modulePath,
    options.out,
    genericRules(signature.params, signature.output),
  );
  if (options.description) doc = { ...doc, description: options.description };
  const header = [
    `Drafted by \`deno task draft ${options.modulePath} --entry ${options.entry}\`.`,
    "Review every schema and rule: a rule your function breaks was kept only if you said so.",
  ];
  const write = (d: DraftDocument) => Deno.writeTextFile(options.out, renderDraft(d, header));
  let repairs = 0;
  if (options.advisor) {
    log("asking the LLM for rules, metrics and a score …");
    doc = withProposal(
      doc,
      await options.advisor.propose({
        code,
        ...(options.description ? { description: options.description } : {}),
        draft: renderDraft(doc, []),
      }),
    );
  }
  const maxRepairs = options.maxRepairs ?? 3;
  // Rules the researcher dropped stay dropped, whatever a later proposal repeats.
  const dropped = new Set<string>();
  const repaired = async (d: DraftDocument, errors: string): Promise<DraftDocument> => {
    repairs++;
    log(`repair ${repairs} of ${maxRepairs} …`);
    const fix = await options.advisor!.repair({ draft: renderDraft(d, []), errors });
    return keepRules(withProposal(d, fix), dropped);
  };
  const loaded = async (d: DraftDocument): Promise<[DraftDocument, Spec]> => {
    for (;;) {
      await write(d);
      try {
        return [d, await loadSpec(options.out)];
      } catch (e) {
        const fixable = options.advisor && isSpecEvolveError(e) && e.exitCode === 2;
        if (!fixable || repairs >= maxRepairs) throw e;
        log("the draft does not load");
        d = await repaired(d, e.message);
      }
    }
  };
  let spec: Spec;
  [doc, spec] = await loaded(doc);

  const answered: (BrokenRule & { answer: Answer })[] = [];
  const check = async (): Promise<EvaluationFailure | undefined> => {
    const found = await findBrokenRules(spec, await compileSpec(spec), options.sandbox, code);
    let drops = 0;
    for (const rule of found.broken) {
      const answer = await options.ask(rule);
      answered.push({ ...rule, answer });
      if (answer === "drop") {
        dropped.add(rule.id);
        drops++;
      }
    }
    if (drops > 0) [doc, spec] = await loaded(keepRules(doc, dropped));
    return found.failure;
  };
  let failure = await check();
  // The function failing on generated inputs (not a rule) means the input schema is too wide:
  // that goes back to the advisor too, within the same repair budget.
  while (failure && options.advisor && repairs < maxRepairs) {
    log("the function fails on a generated input");
    [doc, spec] = await loaded(await repaired(doc, gateError(failure)));
    failure = await check();
  }
  if (failure) {
    header.push(
      `WARNING: ${options.entry} fails on a generated input (${failure.category}), so not every`,
      "rule was checked: narrow the input schema or add assume, then run `deno task check`.",
    );
    await write(doc);
  }

  log("auditing the draft …");
  const first = await auditOf(spec, options);
  let after: AuditReport | undefined;
  const auditRules: string[] = [];
  const survivors = first.programs.flatMap((p) => p.mutants).filter((m) => m.fate === "survived");
  if (options.advisor && survivors.length > 0) {
    log(`asking the LLM for rules that kill ${survivors.length} surviving mutants …`);
    const existing = new Set(((doc.invariants ?? []) as DraftRule[]).map((r) => r.id));
    const added = (await options.advisor.killSurvivors({
      draft: renderDraft(doc, []),
      survivors: survivorsText(survivors),
    })).filter((r) => !existing.has(r.id));
    if (added.length > 0) {
      [doc, spec] = await loaded({
        ...doc,
        invariants: [...((doc.invariants ?? []) as DraftRule[]), ...added],
      });
      await check();
      const kept = new Set(((doc.invariants ?? []) as DraftRule[]).map((r) => r.id));
      auditRules.push(...added.map((r) => r.id).filter((id) => kept.has(id)));
      log("auditing the draft again …");
      after = await auditOf(spec, options);
    }
  }
  return {
    path: options.out,
    rules: spec.invariants.map((r) => r.id),
    broken: answered,
    ...(failure ? { failure } : {}),
    repairs,
    auditRules,
    score: first.totals.score,
    ...(after ? { scoreAfter: after.totals.score } : {}),
    ...(skippedOf(after ?? first) ? { auditSkipped: skippedOf(after ?? first) } : {}),
    loose: signature.loose,
  };
}

/** The audit of the current draft (compiled afresh: the rules may have changed). */
async function auditOf(
  spec: Spec,
  options: DraftOptions,
): Promise<AuditReport> {
  return await runAudit({
    spec,
    compiled: await compileSpec(spec),
    sandbox: options.sandbox,
    programs: [{ label: "program", path: options.modulePath }],
    mutants: options.auditMutants ?? 8,
  });
}

function skippedOf(report: AuditReport): string | undefined {
  return report.programs.find((p) => p.skipped)?.skipped;
}

/** The gate's failure of the researcher's function, worded for the advisor. */
function gateError(failure: EvaluationFailure): string {
  return `The researcher's function fails on this generated input: ` +
    `${JSON.stringify(failure.counterexample)} (${failure.message}). The input schema admits ` +
    "inputs the function is not meant for: narrow it (integer types, minimum/maximum, " +
    "minItems/maxItems) or add derive/assume so that every generated input is a valid one.";
}

/** Most survivors shown to the advisor, and the longest input and diff of each (characters). */
const SURVIVOR_LIMITS = { count: 12, input: 1000, diff: 2000 };

/** The survivors as the advisor reads them: what changed, where it differs, on which input. */
function survivorsText(survivors: readonly MutantResult[]): string {
  const clip = (text: string, max: number) =>
    text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
  return survivors.slice(0, SURVIVOR_LIMITS.count).map((m) =>
    [
      `- ${m.id} (survived): ${m.description}`,
      `  differs at ${m.difference?.where ?? "?"}`,
      ...(m.difference?.input === undefined
        ? []
        : [`  on input ${clip(JSON.stringify(m.difference.input), SURVIVOR_LIMITS.input)}`]),
      ...(m.diff ? ["  diff:", clip(m.diff, SURVIVOR_LIMITS.diff)] : []),
    ].join("\n")
  ).join("\n");
}
