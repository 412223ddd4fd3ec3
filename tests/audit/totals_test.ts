// Tests auditTotals() and the renderers on hand-made records: the score counts only
// behaviour-changing mutants, is n/a without any, and timeout kills are counted and named.
import assert from "node:assert/strict";
import {
  type AuditedProgram,
  type AuditReport,
  auditTotals,
  type MutantResult,
  renderAuditMarkdown,
  renderAuditTerminal,
} from "../../src/audit/mod.ts";

const m = (id: string, fate: MutantResult["fate"], extra: Partial<MutantResult> = {}) =>
  ({ id, kind: "offline", description: id, fate, ...extra }) as MutantResult;
const program = (mutants: MutantResult[]): AuditedProgram => ({
  label: "p",
  path: "p.ts",
  mutants,
});

Deno.test("auditTotals() scores killed over killed plus survived, leaving equivalent and invalid out", () => {
  const t = auditTotals([program([
    m("a", "killed", { killedBy: { stage: "properties", reason: "length" } }),
    m("b", "killed", { killedBy: { stage: "train", reason: "timeout" } }),
    m("c", "survived", { likelyHack: true }),
    m("d", "equivalent"),
    m("e", "invalid"),
  ])]);
  assert.deepEqual(t, {
    mutants: 5,
    killed: 2,
    survived: 1,
    equivalent: 1,
    invalid: 1,
    likelyHacks: 1,
    timeouts: 1,
    score: 2 / 3,
  });
});

Deno.test("auditTotals() gives no score when no mutant changed behaviour", () => {
  assert.equal(auditTotals([program([m("d", "equivalent")])]).score, null);
  assert.equal(auditTotals([]).score, null);
});

Deno.test("renderAuditTerminal() and renderAuditMarkdown() say n/a and name timeout kills", () => {
  const programs = [
    program([m("b", "killed", { killedBy: { stage: "train", reason: "timeout" } })]),
  ];
  const report: AuditReport = {
    spec: "s",
    file: "s.yaml",
    seed: 1,
    runs: 10,
    mutantsPerProgram: 1,
    programs,
    totals: auditTotals(programs),
    ms: 1000,
  };
  assert.match(renderAuditTerminal(report), /mutation score 100\.0% .* 1 killed by a timeout/);
  assert.match(renderAuditMarkdown(report), /1 killed by a timeout \(load-dependent\)/);
  const none = { ...report, programs: [], totals: auditTotals([]) };
  assert.match(renderAuditTerminal(none), /mutation score n\/a/);
});
