// Owns the audit's arithmetic: counts of each mutant fate and the mutation score over programs.
import type { AuditedProgram, AuditTotals } from "./types.ts";

/** Counts fates over `programs`; score = killed / (killed + survived), null when both are 0. */
export function auditTotals(programs: readonly AuditedProgram[]): AuditTotals {
  const all = programs.flatMap((p) => p.mutants);
  const count = (fate: string) => all.filter((m) => m.fate === fate).length;
  const killed = count("killed");
  const survived = count("survived");
  return {
    mutants: all.length,
    killed,
    survived,
    equivalent: count("equivalent"),
    invalid: count("invalid"),
    likelyHacks: all.filter((m) => m.likelyHack).length,
    timeouts: all.filter((m) => m.killedBy?.reason === "timeout").length,
    score: killed + survived === 0 ? null : killed / (killed + survived),
  };
}
