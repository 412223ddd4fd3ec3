// Owns `draftSpec`: a spec from a researcher's module. The deterministic draft (schemas from the
// entry's signature, generic rules) is loaded; an optional advisor (the LLM) proposes rules,
// metrics and a score and repairs located load errors in a bounded loop; the property gate runs the
// researcher's function against the rules and asks about each one it breaks; a final audit reports
// the mutation score, and the advisor may propose rules that kill the audit's survivors.
import { type AuditReport, type MutantResult, runAudit } from "../audit/mod.ts";
import { compileSpec } from "../spec/mod.ts";
import { draftDocument, withProposal } from "./compose.ts";
import { genericRules } from "./generic_rules.ts";
import { DraftSession } from "./_session.ts";
import { readEntrySignature } from "./signature.ts";
import type { DraftOptions, DraftResult } from "./types.ts";

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
  const session = new DraftSession(options, code, doc, [
    `Drafted by \`deno task draft ${options.modulePath} --entry ${options.entry}\`.`,
    "Review every schema and rule: a rule your function breaks was kept only if you said so.",
  ]);
  if (options.advisor) {
    log("asking the LLM for rules, metrics and a score …");
    const proposal = await options.advisor.propose({
      code,
      ...(options.description ? { description: options.description } : {}),
      draft: session.text(),
    });
    doc = withProposal(doc, proposal);
  }
  await session.load(doc);

  let failure = await session.check();
  // The function failing on generated inputs (not a rule) means the input schema is too wide:
  // that goes back to the advisor too, within the same repair budget.
  while (failure && session.canRepair()) {
    await session.repairFailure(failure);
    failure = await session.check();
  }
  if (failure) {
    session.header.push(
      `WARNING: ${options.entry} fails on a generated input (${failure.category}), so not every`,
      "rule was checked: narrow the input schema or add assume, then run `deno task check`.",
    );
    await session.write();
  }

  log("auditing the draft …");
  const first = await auditOf(session, options);
  const killing = options.advisor ? await killSurvivors(session, options, first) : undefined;
  const last = killing?.audit ?? first;
  const skipped = last.programs.find((p) => p.skipped)?.skipped;
  return {
    path: options.out,
    rules: session.spec.invariants.map((r) => r.id),
    broken: session.answered,
    ...(failure ? { failure } : {}),
    repairs: session.repairs,
    auditRules: killing?.rules ?? [],
    score: first.totals.score,
    ...(killing ? { scoreAfter: killing.audit.totals.score } : {}),
    ...(skipped ? { auditSkipped: skipped } : {}),
    loose: signature.loose,
  };
}

/**
 * The survivor round: the audit's survivors go to the advisor once; its new rules are loaded and
 * checked against the function like the others, and the draft is audited again. Undefined when
 * there is nothing to kill or nothing new was proposed.
 */
async function killSurvivors(
  session: DraftSession,
  options: DraftOptions,
  audit: AuditReport,
): Promise<{ rules: string[]; audit: AuditReport } | undefined> {
  const survivors = audit.programs.flatMap((p) => p.mutants).filter((m) => m.fate === "survived");
  if (survivors.length === 0) return undefined;
  options.log?.(`asking the LLM for rules that kill ${survivors.length} surviving mutants …`);
  const existing = new Set(session.rules.map((r) => r.id));
  const added = (await options.advisor!.killSurvivors({
    draft: session.text(),
    survivors: survivorsText(survivors),
  })).filter((r) => !existing.has(r.id));
  if (added.length === 0) return undefined;
  await session.load({ ...session.document, invariants: [...session.rules, ...added] });
  await session.check();
  const kept = new Set(session.rules.map((r) => r.id));
  options.log?.("auditing the draft again …");
  return {
    rules: added.map((r) => r.id).filter((id) => kept.has(id)),
    audit: await auditOf(session, options),
  };
}

/** The audit of the current draft (compiled afresh: the rules may have changed). */
async function auditOf(session: DraftSession, options: DraftOptions): Promise<AuditReport> {
  return await runAudit({
    spec: session.spec,
    compiled: await compileSpec(session.spec),
    sandbox: options.sandbox,
    programs: [{ label: "program", path: options.modulePath }],
    mutants: options.auditMutants ?? 8,
  });
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
