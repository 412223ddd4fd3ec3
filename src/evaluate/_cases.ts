// Owns running a candidate on a list of cases, the one place where candidate calls happen: a
// single sandbox run with one call per case, or, for closed-loop specs (`interaction`), one
// episode per case that the trusted simulator plays by calling the candidate one step at a time.
import type { CallOutcome, Sandbox } from "../sandbox/types.ts";
import type { CompiledSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import { relative } from "node:path";
import { SpecError } from "../errors/mod.ts";
import { clipJson } from "./_clip.ts";
import type { EvaluationFailure, SimulateFn, StepFn, WorkloadCase } from "./types.ts";

/** What running cases needs besides the candidate. */
export interface CaseRunContext {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly sandbox: Sandbox;
  /** The spec's trusted simulator; required when the spec has `interaction`. */
  readonly simulate?: SimulateFn;
}

export interface CaseRunOptions {
  /** Seed of the candidate realm's `Math.random` (step k of an episode gets seed + k). */
  readonly seed: number;
  /** Timed trials per call (per step for episodes). @default 1 */
  readonly trials?: number;
  /** @default false */
  readonly freshRealmPerTrial?: boolean;
  /** The candidate's evaluation budget, when its calls count against one. @default none */
  readonly budget?: Budget;
}

/** A wall-clock budget: when it ends (a performance.now() time) and how failures name it. */
export interface Budget {
  readonly endsAt: number;
  readonly name: string;
}

/** A budget of `ms` from now, named by the spec key that sets it. */
export function budgetOf(ms: number, key: string, what: string): Budget {
  return { endsAt: performance.now() + ms, name: `${key}: ${ms} ms ${what}` };
}

/** The run options for a budget: what is left of it, or none. */
function budgetLeft(budget: Budget | undefined): { budget?: { ms: number; name: string } } {
  if (budget === undefined) return {};
  return { budget: { ms: Math.max(1, budget.endsAt - performance.now()), name: budget.name } };
}

/** One outcome per case (an episode result for closed-loop specs), or the first failure. */
export type CaseRun =
  | { readonly ok: true; readonly calls: readonly CallOutcome[] }
  | { readonly ok: false; readonly failure: EvaluationFailure };

/** Runs `source` on every case in order; stops at the first failing case. */
export async function runCases(
  ctx: CaseRunContext,
  source: string,
  cases: readonly WorkloadCase[],
  options: CaseRunOptions,
): Promise<CaseRun> {
  const { trials, seed, freshRealmPerTrial } = options;
  if (!ctx.compiled.step) {
    const run = await ctx.sandbox.run({
      source,
      entry: ctx.spec.entry,
      calls: cases.map((c) => ctx.compiled.toArgs(c.input)),
      seed,
      maxOutputElements: ctx.spec.sandbox.maxOutputElements,
      ...(trials === undefined ? {} : { trials }),
      ...(freshRealmPerTrial === undefined ? {} : { freshRealmPerTrial }),
      ...budgetLeft(options.budget),
    });
    return run.ok ? { ok: true, calls: run.calls } : { ok: false, failure: run.failure };
  }
  const calls: CallOutcome[] = [];
  for (const [i, c] of cases.entries()) {
    const episode = await runEpisode(ctx, source, c, options);
    if ("failure" in episode) {
      const failure = episode.failure;
      const where = cases.length > 1 ? `episode ${i}, ` : "";
      return { ok: false, failure: { ...failure, message: `${where}${failure.message}` } };
    }
    calls.push(episode);
  }
  return { ok: true, calls };
}

/** A SpecError naming the spec's trusted simulator: its fault, never the candidate's. */
function simulatorFault(ctx: CaseRunContext, problem: string, cause?: unknown): SpecError {
  const ref = ctx.spec.interaction!.simulate;
  return new SpecError([{
    ...ref.at,
    pointer: "/interaction/simulate",
    message: `interaction.simulate ${relative(Deno.cwd(), ref.path)}#${ref.name} ${problem}`,
  }], cause === undefined ? undefined : { cause });
}

/** Thrown into the simulator when the candidate failed a step, to end the episode. */
class EpisodeStopped extends Error {
  constructor(readonly failure: EvaluationFailure) {
    super(`episode stopped: ${failure.message}`);
    this.name = "EpisodeStopped";
  }
}

/**
 * Plays one episode. Trusted time is the sum over steps of each step's timed call, per trial, so
 * `measure: time` metrics see the candidate's own compute for the whole episode.
 */
async function runEpisode(
  ctx: CaseRunContext,
  source: string,
  c: WorkloadCase,
  options: CaseRunOptions,
): Promise<CallOutcome | { readonly failure: EvaluationFailure }> {
  const compiled = ctx.compiled.step!;
  if (!ctx.simulate) {
    throw new Error("evaluate: the spec has `interaction` but its simulator was not loaded");
  }
  const times: number[] = [];
  let steps = 0;
  let stopped: EvaluationFailure | undefined;
  // The episode's own budget, or what is left of the evaluation's when that ends sooner.
  const own = budgetOf(ctx.spec.sandbox.episodeMs, "sandbox.episodeMs", "per episode");
  const budget = options.budget && options.budget.endsAt < own.endsAt ? options.budget : own;
  const stop = (failure: EvaluationFailure): never => {
    stopped = failure;
    throw new EpisodeStopped(failure);
  };
  const step: StepFn = async (stepInput) => {
    // A simulator that swallowed a stop and asks again gets the same answer.
    if (stopped) throw new EpisodeStopped(stopped);
    const k = steps++;
    const problems = compiled.validateInput(stepInput);
    if (problems.length > 0) {
      throw simulatorFault(
        ctx,
        `built a step ${k} input that does not match interaction.step.input ` +
          `(${problems.slice(0, 3).join("; ")}); fix the simulator or the schema`,
      );
    }
    const run = await ctx.sandbox.run({
      source,
      entry: ctx.spec.entry,
      calls: [compiled.toArgs(stepInput)],
      // Each step gets its own seed, or a randomised policy would draw the same numbers every step.
      seed: options.seed + k,
      // A step output carries the policy's state to the next step: capped, or it could grow
      // without end and make every step slower.
      maxOutputBytes: ctx.spec.sandbox.maxStateBytes,
      ...(options.trials === undefined ? {} : { trials: options.trials }),
      ...(options.freshRealmPerTrial === undefined
        ? {}
        : { freshRealmPerTrial: options.freshRealmPerTrial }),
      ...budgetLeft(budget),
    });
    if (!run.ok) {
      const capped = run.failure.category === "invalid-output" &&
        /over the limit of \d+ bytes/.test(run.failure.message);
      const why = capped
        ? " (a step output, carried state included, is capped by sandbox.maxStateBytes)"
        : "";
      return stop({ ...run.failure, message: `step ${k}: ${run.failure.message}${why}` });
    }
    const call = run.calls[0];
    call.timesMs.forEach((ms, t) => (times[t] = (times[t] ?? 0) + ms));
    const errors = compiled.validateOutput(call.output);
    if (errors.length > 0) {
      return stop({
        category: "invalid-output",
        message: `invalid-output: step ${k}: the step output does not match the spec's ` +
          `interaction.step.output schema: ${errors.slice(0, 5).join("; ")}`,
        output: clipJson(call.output),
      });
    }
    return call.output;
  };
  let result: unknown;
  try {
    result = await ctx.simulate(structuredClone(c.input), step, c.context);
  } catch (e) {
    if (stopped) return { failure: stopped };
    if (e instanceof SpecError) throw e;
    throw simulatorFault(ctx, `threw (${(e as Error)?.message ?? e}); fix the simulator`, e);
  }
  if (stopped) return { failure: stopped };
  return { output: result, timesMs: times.length > 0 ? times : [0] };
}
