// Owns `check --repeat N`'s summary: how each metric and the score of a program spread over N
// whole evaluations (median, median absolute deviation, min and max), and its terminal lines.
import { median, medianAbsoluteDeviation } from "../../evaluate/noise.ts";
import type { Evaluation, ScoredSet } from "../../evaluate/types.ts";

/** One metric (or the score) over the repeated evaluations. */
export interface MetricSpread {
  readonly median: number;
  readonly mad: number;
  readonly min: number;
  readonly max: number;
}

/** A program's figures over `runs` evaluations, per workload set; keys are metric names and "score". */
export interface RepeatSpread {
  readonly runs: number;
  /** Median over the evaluations of each one's own score spread (from its trials), per set. */
  readonly withinScoreSpread?: { readonly train?: number; readonly holdout?: number };
  readonly train?: Readonly<Record<string, MetricSpread>>;
  readonly holdout?: Readonly<Record<string, MetricSpread>>;
}

/** Summarises the evaluations of one program (sets that some evaluation lacks are left out). */
export function repeatSpread(evaluations: readonly Evaluation[]): RepeatSpread {
  const of = (sets: (ScoredSet | undefined)[]) => {
    if (sets.length === 0 || sets.some((s) => s === undefined)) return undefined;
    const present = sets as ScoredSet[];
    const spreads: Record<string, MetricSpread> = { score: spreadOf(present.map((s) => s.score)) };
    for (const name of Object.keys(present[0].metrics)) {
      spreads[name] = spreadOf(present.map((s) => s.metrics[name]));
    }
    return spreads;
  };
  const train = of(evaluations.map((e) => e.train));
  const holdout = of(evaluations.map((e) => e.holdout));
  const within = (sets: (ScoredSet | undefined)[]) => {
    const spreads = sets.flatMap((s) => s?.scoreSpread === undefined ? [] : [s.scoreSpread]);
    return spreads.length === 0 ? {} : { median: median(spreads) };
  };
  const withinTrain = within(evaluations.map((e) => e.train)).median;
  const withinHoldout = within(evaluations.map((e) => e.holdout)).median;
  return {
    runs: evaluations.length,
    ...(train ? { train } : {}),
    ...(holdout ? { holdout } : {}),
    ...(withinTrain === undefined && withinHoldout === undefined ? {} : {
      withinScoreSpread: {
        ...(withinTrain === undefined ? {} : { train: withinTrain }),
        ...(withinHoldout === undefined ? {} : { holdout: withinHoldout }),
      },
    }),
  };
}

function spreadOf(values: readonly number[]): MetricSpread {
  return {
    median: median(values),
    mad: medianAbsoluteDeviation(values),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Terminal lines: one per set and metric, median ± MAD [min, max]. */
export function repeatLines(spread: RepeatSpread): string[] {
  const f = (x: number) => String(Number(x.toPrecision(4)));
  const lines = [`  over ${spread.runs} evaluations (median ± MAD [min, max]):`];
  for (const set of ["train", "holdout"] as const) {
    for (const [name, s] of Object.entries(spread[set] ?? {})) {
      lines.push(
        `    ${set.padEnd(8)} ${name.padEnd(18)} ${f(s.median)} ± ${f(s.mad)}  [${f(s.min)}, ${
          f(s.max)
        }]`,
      );
    }
  }
  for (const [set, s] of Object.entries(spread.withinScoreSpread ?? {})) {
    lines.push(
      `    ${set.padEnd(8)} ${"score spread".padEnd(18)} ${f(s)} within one evaluation (trials)`,
    );
  }
  return lines;
}
