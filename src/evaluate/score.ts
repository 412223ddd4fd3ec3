// Owns scoring a candidate on a set of workloads: run every case in the sandbox with trusted
// timing, check each output against the spec, compute the metrics in trusted code, form the score.
import { collectGarbage } from "./_heap.ts";
import type { Sandbox } from "../sandbox/types.ts";
import type { CompiledSpec } from "../spec/mod.ts";
import { relative } from "node:path";
import { SpecError } from "../errors/mod.ts";
import type { MetricAggregate, MetricSpec, Spec } from "../spec/types.ts";
import { type Budget, runCases } from "./_cases.ts";
import { judgeOutput } from "./outputs.ts";
import type { EvaluationFailure, MetricFn, ScoredSet, SimulateFn } from "./types.ts";
import type { LoadedWorkload } from "../workloads/mod.ts";
import { scoreSpreadOf, summarizeTimes } from "./noise.ts";

/** Everything scoring needs besides the candidate. */
export interface ScoringContext {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly sandbox: Sandbox;
  /** Trusted metric functions by metric name (only for `evaluator` metrics). */
  readonly metricFns: ReadonlyMap<string, MetricFn>;
  /** The spec's trusted simulator; required when the spec has `interaction`. */
  readonly simulate?: SimulateFn;
  /**
   * The reference program's outputs on a workload, one per case; given when the spec sets
   * `reference` and `equivalent`, so workload outputs are held to the reference as gate outputs are.
   */
  readonly referenceOutputs?: (workload: LoadedWorkload) => Promise<readonly unknown[]>;
}

/** Metric values (or spreads) per workload file name. */
export type PerWorkload = Record<string, Record<string, number>>;

export type WorkloadScores =
  | {
    readonly ok: true;
    readonly perWorkload: PerWorkload;
    readonly perWorkloadSpread: PerWorkload;
  }
  | { readonly ok: false; readonly failure: EvaluationFailure };

/** Runs the candidate on each workload and returns per-workload metrics, or the first failure. */
export async function measureWorkloads(
  ctx: ScoringContext,
  source: string,
  workloads: readonly LoadedWorkload[],
  budget?: Budget,
): Promise<WorkloadScores> {
  const perWorkload: PerWorkload = {};
  const perWorkloadSpread: PerWorkload = {};
  const { trials, freshRealmPerTrial } = ctx.spec.sandbox;
  for (const workload of workloads) {
    const run = await runCases(ctx, source, workload.cases, {
      trials,
      seed: ctx.spec.properties.seed,
      // Repeated trials each get a fresh module instance, whatever the spec says: on one
      // instance, trial 2 could replay trial 1's memoised answer and fake a faster median.
      freshRealmPerTrial: freshRealmPerTrial || trials > 1,
      ...(budget === undefined ? {} : { budget }),
    });
    if (!run.ok) {
      return {
        ok: false,
        failure: { ...run.failure, message: `${workload.name}: ${run.failure.message}` },
      };
    }
    const outputs = run.calls.map((c) => c.output);
    // A candidate can tell workload inputs from generated ones (by size, say), so equivalence is
    // checked here too, or a wrong but fast answer on workloads alone would score.
    const expected = ctx.referenceOutputs ? await ctx.referenceOutputs(workload) : undefined;
    const failed = smallestFailure(ctx, workload, outputs, expected);
    if (failed) return { ok: false, failure: failed };
    const metrics: Record<string, number> = {};
    const spreads: Record<string, number> = {};
    const times = run.calls.map((c) => c.timesMs);
    for (const metric of ctx.spec.metrics) {
      if ("measure" in metric) {
        const timing = summarizeTimes(times);
        metrics[metric.name] = timing.median;
        spreads[metric.name] = timing.spread;
      } else metrics[metric.name] = computeMetric(ctx, metric, workload, outputs);
    }
    perWorkload[workload.name] = metrics;
    perWorkloadSpread[workload.name] = spreads;
    // One workload's outputs (EPLB: ~250 MB of short-lived arrays for seven files) are garbage now.
    collectGarbage();
  }
  return { ok: true, perWorkload, perWorkloadSpread };
}

/** Largest workload input (JSON characters) shown as a failure's counterexample. */
const COUNTEREXAMPLE_LIMIT = 20_000;

/**
 * The failure of the smallest failing case of a workload (by its input's JSON size), or none: a
 * workload case cannot be shrunk like a generated one, so the smallest of the set stands in.
 */
function smallestFailure(
  ctx: ScoringContext,
  workload: LoadedWorkload,
  outputs: readonly unknown[],
  expected: readonly unknown[] | undefined,
): EvaluationFailure | undefined {
  let best: { failure: EvaluationFailure; size: number } | undefined;
  for (let i = 0; i < outputs.length; i++) {
    const reference = expected ? { output: expected[i] } : undefined;
    const input = workload.cases[i].input;
    const failure = judgeOutput(ctx.compiled, input, outputs[i], reference);
    if (!failure) continue;
    const size = JSON.stringify(input).length;
    if (best && best.size <= size) continue;
    best = {
      size,
      failure: {
        ...failure,
        message: `${workload.name} case ${i}: ${failure.message}`,
        // A full-size case (an EPLB window) would swamp reports and prompts: the file and
        // index name it instead.
        ...(size <= COUNTEREXAMPLE_LIMIT ? { counterexample: input } : {}),
        workload: { file: workload.path, case: i },
      },
    };
  }
  return best?.failure;
}

function computeMetric(
  ctx: ScoringContext,
  metric: Exclude<MetricSpec, { readonly measure: "time" }>,
  workload: LoadedWorkload,
  outputs: readonly unknown[],
): number {
  const value = "expr" in metric
    ? aggregate(
      metric.aggregate,
      workload.cases.map((c, i) =>
        ctx.compiled.metricExpressions.get(metric.name)!(c.input, outputs[i], c.context)
      ),
    )
    : callMetricFn(ctx, metric, workload, outputs);
  // NaN or Infinity would poison the score and every comparison made with it: stop and say why.
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw metricFault(
      ctx.spec,
      metric.name,
      `gave ${String(value)} on workload ${workload.name}, not a finite number; ` +
        "fix the metric (an empty list, a division by zero, a log of 0?)",
    );
  }
  return value;
}

function callMetricFn(
  ctx: ScoringContext,
  metric: Extract<MetricSpec, { evaluator: unknown }>,
  workload: LoadedWorkload,
  outputs: readonly unknown[],
): unknown {
  const fn = ctx.metricFns.get(metric.name);
  if (!fn) throw new Error(`metric ${metric.name}: its evaluator function was not loaded`);
  try {
    return fn(workload.cases, outputs);
  } catch (e) {
    throw metricFault(
      ctx.spec,
      metric.name,
      `(${relative(Deno.cwd(), metric.evaluator.path)}#${metric.evaluator.name}) threw on ` +
        `workload ${workload.name}: ${(e as Error)?.message ?? e}; fix the metric function`,
      e,
    );
  }
}

/** A SpecError at `metrics.<name>`: a trusted metric failing is the spec's fault. */
function metricFault(spec: Spec, name: string, problem: string, cause?: unknown): SpecError {
  return new SpecError([{
    file: spec.file,
    pointer: `/metrics/${name}`,
    message: `metric ${name} ${problem}`,
  }], cause === undefined ? undefined : { cause });
}

/** Combines an `expr` metric's per-case values as its `aggregate` says. */
function aggregate(how: MetricAggregate, values: readonly number[]): number {
  switch (how) {
    case "mean":
      return mean(values);
    case "sum":
      return values.reduce((a, b) => a + b, 0);
    case "min":
      return values.reduce((a, b) => Math.min(a, b), Infinity);
    case "max":
      return values.reduce((a, b) => Math.max(a, b), -Infinity);
    case "geomean":
      // Non-positive values give NaN, which the finiteness check reports.
      return Math.exp(mean(values.map(Math.log)));
  }
}

/**
 * Averages per-workload metrics and applies the spec's score formula. With timed spreads (trials
 * > 1), also the metrics' spreads (averaged like the metrics: see summarizeTimes) and how far the
 * score can move within them.
 */
export function scoreSet(
  ctx: Pick<ScoringContext, "spec" | "compiled">,
  perWorkload: Readonly<Record<string, Readonly<Record<string, number>>>>,
  perWorkloadSpread: Readonly<Record<string, Readonly<Record<string, number>>>> = {},
): ScoredSet {
  const rows = Object.values(perWorkload);
  const metrics: Record<string, number> = {};
  for (const metric of ctx.spec.metrics) {
    metrics[metric.name] = mean(rows.map((r) => r[metric.name]));
  }
  const score = scoreOf(ctx, metrics);
  const spreadRows = Object.values(perWorkloadSpread);
  const spread: Record<string, number> = {};
  for (const metric of ctx.spec.metrics) {
    const values = spreadRows.map((r) => r[metric.name]).filter((v) => v !== undefined);
    if (values.length > 0 && mean(values) > 0) spread[metric.name] = mean(values);
  }
  if (Object.keys(spread).length === 0) return { metrics, score, perWorkload };
  const scoreSpread = scoreSpreadOf((m) => scoreOf(ctx, m), metrics, spread);
  return { metrics, score, perWorkload, spread, scoreSpread, perWorkloadSpread };
}

/** The spec's score, or — without a formula — the first metric signed by its goal. */
function scoreOf(
  ctx: Pick<ScoringContext, "spec" | "compiled">,
  metrics: Record<string, number>,
): number {
  if (ctx.compiled.score) {
    const score = ctx.compiled.score(metrics);
    if (!Number.isFinite(score)) {
      throw new SpecError([{
        ...ctx.spec.score!.at,
        pointer: "/score",
        message: `score gave ${score} for metrics ${JSON.stringify(metrics)}, not a finite ` +
          "number; fix the score expression",
      }]);
    }
    return score;
  }
  const first = ctx.spec.metrics[0];
  if (!first) return 0;
  return first.goal === "max" ? metrics[first.name] : -metrics[first.name];
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}
