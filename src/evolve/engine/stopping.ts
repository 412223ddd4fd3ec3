// Owns the stopping rules: when the engine stops starting new candidates. Rules read a snapshot
// of the run and the limits; 0 disables wall time, plateau and budget.
import type { EvolveConfig } from "../../spec/types.ts";

/** Why a session ended. */
export type StopReason =
  | "iterations"
  | "time"
  | "target"
  | "plateau"
  | "budget"
  | "aborted";

/** What the rules look at. */
export interface StopView {
  readonly aborted: boolean;
  /** Wall time of this session, ms. */
  readonly elapsedMs: number;
  readonly bestScore?: number;
  /** Iteration that produced the best program. */
  readonly bestIteration: number;
  /** Highest iteration with a final outcome. */
  readonly lastFinished: number;
}

export type StopLimits = Pick<
  EvolveConfig,
  "maxSeconds" | "targetScore" | "plateau" | "budgetUsd"
>;

/**
 * The first rule that says stop now, or undefined: abort, target score reached, wall time up,
 * plateau (no gain in best train score over the last `plateau` iterations). The iteration limit
 * and the budget are not here: they stop new proposals but let stored programs be evaluated
 * (they are paid for), see `budgetSpent`.
 */
export function stopNow(limits: StopLimits, view: StopView): StopReason | undefined {
  if (view.aborted) return "aborted";
  if (
    limits.targetScore !== undefined && view.bestScore !== undefined &&
    view.bestScore >= limits.targetScore
  ) return "target";
  if (limits.maxSeconds > 0 && view.elapsedMs >= limits.maxSeconds * 1000) return "time";
  if (limits.plateau > 0 && view.lastFinished - view.bestIteration >= limits.plateau) {
    return "plateau";
  }
  return undefined;
}

/** True when a budget is set (> 0) and the proposals' summed cost reached it. */
export function budgetSpent(limits: Pick<StopLimits, "budgetUsd">, spentUsd: number): boolean {
  return limits.budgetUsd > 0 && spentUsd >= limits.budgetUsd;
}
