// Owns the per-stage totals of a run's evaluations: how many entered each cascade stage, how many it
// stopped and the time it took, in the order the cascade ran them. The UI's funnel and the
// report's cascade savings are both built on it.
import type { StageOutcome } from "../evolve/records/mod.ts";

/** One gating stage over all evaluations. */
export interface StageTotal {
  readonly stage: string;
  /** Evaluations that ran it. */
  readonly entered: number;
  /** Evaluations it stopped. */
  readonly stopped: number;
  /** Its time summed over every evaluation, ms. */
  readonly totalMs: number;
}

/** Totals per stage, in cascade order (first appearances; each list is in cascade order). */
export function stageTotals(evaluations: readonly (readonly StageOutcome[])[]): StageTotal[] {
  const order: string[] = [];
  const ran = new Map<string, { entered: number; stopped: number; totalMs: number }>();
  for (const stages of evaluations) {
    stages.forEach((s, i) => {
      if (!order.includes(s.stage)) order.splice(insertAt(order, stages, i), 0, s.stage);
      const r = ran.get(s.stage) ?? { entered: 0, stopped: 0, totalMs: 0 };
      r.entered++;
      r.totalMs += s.ms;
      if (!s.ok) r.stopped++;
      ran.set(s.stage, r);
    });
  }
  return order.map((stage) => ({ stage, ...ran.get(stage)! }));
}

/** Where a stage first seen at `index` of `stages` goes: after the known stage before it. */
function insertAt(order: readonly string[], stages: readonly { stage: string }[], index: number) {
  for (let j = index - 1; j >= 0; j--) {
    const at = order.indexOf(stages[j].stage);
    if (at !== -1) return at + 1;
  }
  return 0;
}
