// Owns the cascade-savings estimate: how much evaluation time the early stages saved by rejecting
// candidates before the expensive ones ran (see CascadeSavings in model.ts for the rule).
import type { EvaluationRecord } from "../../evolve/records/mod.ts";
import { stageTotals } from "../../runview/mod.ts";
import type { CascadeSavings } from "./model.ts";

/** Savings over the gating stages (holdout is not part of selection and is left out). */
export function cascadeSavings(evaluations: readonly EvaluationRecord[]): CascadeSavings {
  const totals = stageTotals(evaluations.map((e) => e.stages));
  const order = totals.map((t) => t.stage);
  const mean = new Map(totals.map((t) => [t.stage, t.entered > 0 ? t.totalMs / t.entered : 0]));
  const saved = new Map<string, number>();
  for (const e of evaluations) {
    const last = e.stages.at(-1);
    if (!last || last.ok) continue;
    const skipped = order.slice(order.indexOf(last.stage) + 1);
    const ms = skipped.reduce((sum, stage) => sum + mean.get(stage)!, 0);
    saved.set(last.stage, (saved.get(last.stage) ?? 0) + ms);
  }
  const stages = totals.map((t) => ({
    stage: t.stage,
    ran: t.entered,
    rejected: t.stopped,
    meanMs: mean.get(t.stage)!,
    totalMs: t.totalMs,
    savedMs: saved.get(t.stage) ?? 0,
  }));
  const spentMs = stages.reduce((sum, s) => sum + s.totalMs, 0);
  const savedMs = stages.reduce((sum, s) => sum + s.savedMs, 0);
  return {
    stages,
    spentMs,
    savedMs,
    savedShare: spentMs + savedMs > 0 ? savedMs / (spentMs + savedMs) : 0,
  };
}
