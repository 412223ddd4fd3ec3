// Owns the operator ablation of a run: for each offline mutation operator, how often a child it
// took part in beat its parent, with a 95% Wilson interval, so the operator bandit's choices can be
// checked against what each operator actually paid.
import type { StoredProgram } from "../../evolve/records/mod.ts";
import type { OperatorStats } from "./model.ts";

/** z of a two-sided 95% interval. */
const Z = 1.96;

/** Wilson score interval of `wins` in `n` (better than the normal one at the small rates seen). */
function wilson(wins: number, n: number): [number, number] {
  const p = wins / n;
  const denominator = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * Per operator of `offline:<op>+<op>` proposals: evaluated children (a failed stage counts, as a
 * loss), children whose train score beat their parent's, the rate and its interval. Most
 * children first; empty for a run without offline proposals.
 */
export function operatorStats(programs: readonly StoredProgram[]): OperatorStats[] {
  const byId = new Map(programs.map((p) => [p.id, p]));
  const counts = new Map<string, { children: number; improved: number }>();
  for (const p of programs) {
    const [proposer, ops] = p.proposer.split(":");
    if (proposer !== "offline" || !ops || !p.evaluation || p.parentId === undefined) continue;
    const parent = byId.get(p.parentId)?.evaluation?.train?.score;
    const child = p.evaluation.ok ? p.evaluation.train?.score : undefined;
    const won = parent !== undefined && child !== undefined && child > parent;
    for (const op of new Set(ops.split("+"))) {
      const c = counts.get(op) ?? { children: 0, improved: 0 };
      c.children++;
      if (won) c.improved++;
      counts.set(op, c);
    }
  }
  return [...counts].map(([operator, { children, improved }]) => {
    const [low, high] = wilson(improved, children);
    return { operator, children, improved, rate: improved / children, low, high };
  }).sort((a, b) => b.children - a.children || a.operator.localeCompare(b.operator));
}
