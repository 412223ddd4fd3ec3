// Owns the cascade-savings estimate: how much evaluation time the early stages saved by rejecting
// candidates before the expensive ones ran (see CascadeSavings in model.ts for the rule).
import type { EvaluationRecord } from "../../evolve/database/store.ts";
import type { CascadeSavings } from "./model.ts";

/** Savings over the gating stages (holdout is not part of selection and is left out). */
export function cascadeSavings(evaluations: readonly EvaluationRecord[]): CascadeSavings {
  // Stage order as the cascade ran them: first appearances, each list being in cascade order.
  const order: string[] = [];
  const ran = new Map<string, { count: number; ms: number; rejected: number }>();
  for (const e of evaluations) {
    e.stages.forEach((s, i) => {
      if (!order.includes(s.stage)) order.splice(insertAt(order, e.stages, i), 0, s.stage);
      const r = ran.get(s.stage) ?? { count: 0, ms: 0, rejected: 0 };
      r.count++;
      r.ms += s.ms;
      if (!s.ok) r.rejected++;
      ran.set(s.stage, r);
    });
  }
  const mean = (stage: string) => {
    const r = ran.get(stage);
    return r && r.count > 0 ? r.ms / r.count : 0;
  };
  const saved = new Map<string, number>();
  for (const e of evaluations) {
    const last = e.stages.at(-1);
    if (!last || last.ok) continue;
    const skipped = order.slice(order.indexOf(last.stage) + 1);
    const ms = skipped.reduce((sum, stage) => sum + mean(stage), 0);
    saved.set(last.stage, (saved.get(last.stage) ?? 0) + ms);
  }
  const stages = order.map((stage) => {
    const r = ran.get(stage)!;
    return {
      stage,
      ran: r.count,
      rejected: r.rejected,
      meanMs: mean(stage),
      totalMs: r.ms,
      savedMs: saved.get(stage) ?? 0,
    };
  });
  const spentMs = stages.reduce((sum, s) => sum + s.totalMs, 0);
  const savedMs = stages.reduce((sum, s) => sum + s.savedMs, 0);
  return {
    stages,
    spentMs,
    savedMs,
    savedShare: spentMs + savedMs > 0 ? savedMs / (spentMs + savedMs) : 0,
  };
}

/** Where a stage first seen at `index` of `stages` goes: after the known stage before it. */
function insertAt(order: readonly string[], stages: readonly { stage: string }[], index: number) {
  for (let j = index - 1; j >= 0; j--) {
    const at = order.indexOf(stages[j].stage);
    if (at !== -1) return at + 1;
  }
  return 0;
}
