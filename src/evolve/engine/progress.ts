// Owns the progress snapshot the engine reports after every outcome: what a progress display
// (CLI, UI) shows, computed from the run state and this session's clock.
import type { RunState } from "./_run_state.ts";
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

/** What a snapshot needs besides the run state: the session's clock and the scheduler's view. */
export interface SessionView {
  readonly elapsedMs: number;
  /** Evaluations and finished iterations when this session started. */
  readonly sessionStart: { readonly evaluated: number; readonly finished: number };
  /** Highest iteration started so far. */
  readonly iteration: number;
  readonly limits: { readonly iterations: number; readonly maxSeconds: number };
  readonly inFlight: number;
  readonly paused: boolean;
  readonly stopReason?: StopReason;
}

/** The snapshot of `state` as `view` sees the session now. */
export function progressSnapshot(state: RunState, view: SessionView): ProgressSnapshot {
  const finished = state.finishedIterations();
  const { perMinute, etaSeconds } = paceFigures({
    elapsedMs: view.elapsedMs,
    sessionEvaluations: state.evaluated - view.sessionStart.evaluated,
    sessionIterations: finished - view.sessionStart.finished,
    remainingIterations: view.limits.iterations + 1 - finished,
    maxSeconds: view.limits.maxSeconds,
  });
  const best = state.population.best();
  return {
    iteration: view.iteration,
    totalIterations: view.limits.iterations,
    finishedIterations: finished,
    inFlight: view.inFlight,
    evaluated: state.evaluated,
    evaluationsPerMinute: perMinute,
    bestProgramId: best?.id,
    bestTrain: best?.score,
    bestHoldout: best && state.holdout.get(best.id)?.result?.score,
    failures: { ...state.failures },
    duplicates: state.duplicates,
    proposalFailures: state.proposalFailures,
    spentUsd: state.spentUsd,
    elapsedSeconds: view.elapsedMs / 1000,
    etaSeconds,
    paused: view.paused,
    stopReason: view.stopReason,
  };
}
