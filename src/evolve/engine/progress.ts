// Owns the progress snapshot the engine reports after every outcome: what a progress display
// (CLI, UI) shows, computed from the run state and this session's clock.
import type { StopReason } from "./stopping.ts";

export interface ProgressSnapshot {
  /** Highest iteration started so far. */
  readonly iteration: number;
  /** Iteration limit of the run. */
  readonly totalIterations: number;
  /** Iterations with a final outcome (evaluated, duplicate or failed proposal), all sessions. */
  readonly finishedIterations: number;
  /** Candidates being proposed or evaluated now. */
  readonly inFlight: number;
  /** Evaluations finished, all sessions. */
  readonly evaluated: number;
  /** Evaluations finished per minute in this session. */
  readonly evaluationsPerMinute: number;
  readonly bestProgramId?: number;
  readonly bestTrain?: number;
  /** Holdout score of the current best, once evaluated. */
  readonly bestHoldout?: number;
  /** Failed evaluations by failure category. */
  readonly failures: Readonly<Record<string, number>>;
  readonly duplicates: number;
  readonly proposalFailures: number;
  /** Summed proposal cost, USD. */
  readonly spentUsd: number;
  /** Wall time of this session, seconds. */
  readonly elapsedSeconds: number;
  /** Seconds left at this session's pace, bounded by the wall-time limit; absent before any pace. */
  readonly etaSeconds?: number;
  readonly paused: boolean;
  /** Set in the last snapshot of a session. */
  readonly stopReason?: StopReason;
}

/** This session's pace, for the rate and the ETA. */
export interface Pace {
  readonly elapsedMs: number;
  /** Evaluations and final iteration outcomes reached in this session. */
  readonly sessionEvaluations: number;
  readonly sessionIterations: number;
  /** Iterations left before the iteration limit. */
  readonly remainingIterations: number;
  /** Wall-time limit, seconds; 0 = none. */
  readonly maxSeconds: number;
}

/** Evaluations per minute and ETA from this session's pace. */
export function paceFigures(pace: Pace): { perMinute: number; etaSeconds?: number } {
  const minutes = pace.elapsedMs / 60_000;
  const perMinute = minutes > 0 ? pace.sessionEvaluations / minutes : 0;
  if (pace.sessionIterations === 0 || pace.elapsedMs <= 0) return { perMinute };
  const perIteration = pace.elapsedMs / 1000 / pace.sessionIterations;
  let eta = Math.max(0, pace.remainingIterations) * perIteration;
  if (pace.maxSeconds > 0) {
    eta = Math.min(eta, Math.max(0, pace.maxSeconds - pace.elapsedMs / 1000));
  }
  return { perMinute, etaSeconds: eta };
}
