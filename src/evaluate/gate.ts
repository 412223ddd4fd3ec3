// Owns the property gate: fast-check generates inputs from the spec, the candidate runs on each in
// the sandbox, trusted code judges every output, and the first failure is shrunk to a minimal input.
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { Sandbox } from "../sandbox/types.ts";
import type { CompiledSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import { SpecError } from "../errors/mod.ts";
import { clipJson } from "./_clip.ts";
import { type Budget, runCases } from "./_cases.ts";
import { judgeOutput } from "./outputs.ts";
import type { EvaluationFailure, SimulateFn, StageResult } from "./types.ts";

/** Failures whose shrinking would cost a timeout or a new child per try: reported as first found. */
const NOT_SHRUNK = new Set(["timeout", "memory", "crash", "syntax", "load"]);

export interface PropertyGateOptions {
  /** Generated cases (after the spec's examples). @default spec.properties.runs */
  readonly runs?: number;
  /** fast-check seed. @default spec.properties.seed */
  readonly seed?: number;
  /** fast-check replay path of an earlier failure. */
  readonly path?: string;
  /**
   * Time allowed for shrinking after the first failure, ms; then the smallest failing input found
   * so far is reported. Bugs that need a large input (a merge step only reached above some size)
   * can take thousands of slow shrink steps. @default 10000
   */
  readonly shrinkMs?: number;
  /** The candidate's evaluation budget; its calls (not the reference's) count against it. */
  readonly budget?: Budget;
}

/** Context the gate runs in: the spec, its compiled checks, a sandbox and the reference source. */
export interface GateContext {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly sandbox: Sandbox;
  readonly referenceSource?: string;
  /** The spec's trusted simulator; required when the spec has `interaction`. */
  readonly simulate?: SimulateFn;
  /**
   * Reference outputs by seed and input (JSON), shared across candidates: every candidate's
   * gate generates the same inputs from the same seed, so the reference runs once per input.
   */
  readonly referenceCache?: Map<string, unknown>;
}

/** Most reference outputs the cache keeps; the oldest go first (shrinking adds new inputs). */
const REFERENCE_CACHE_LIMIT = 10_000;

/** Runs the candidate on generated inputs; returns the `properties` stage result. */
export async function runPropertyGate(
  ctx: GateContext,
  source: string,
  options: PropertyGateOptions = {},
): Promise<StageResult> {
  const started = performance.now();
  const { spec, compiled } = ctx;
  const seed = options.seed ?? spec.properties.seed;
  const shrinkMs = options.shrinkMs ?? 10_000;
  let checked = 0;
  let stopShrinking = false;
  let lastFailure: EvaluationFailure | undefined;
  let firstFailureAt = Infinity;

  // Passing every remaining run ends fast-check's shrinking at the last failure seen.
  // An error thrown while checking a case (the sandbox broke, the reference or the simulator
  // failed) is not the candidate's doing: stop, and rethrow it after fast-check returns, instead
  // of letting fast-check count it as the candidate failing the property.
  let broken: { error: unknown } | undefined;
  const property = fc.asyncProperty(compiled.inputArbitrary, async (input) => {
    if (broken || stopShrinking || performance.now() - firstFailureAt >= shrinkMs) return true;
    checked++;
    let failure: EvaluationFailure | undefined;
    try {
      failure = await checkCase(ctx, source, input, seed, options.budget);
    } catch (error) {
      broken = { error };
      return true;
    }
    if (!failure) return true;
    lastFailure = failure;
    firstFailureAt = Math.min(firstFailureAt, performance.now());
    if (NOT_SHRUNK.has(failure.category)) stopShrinking = true;
    return false;
  });
  const details = await fc.check(property, {
    numRuns: options.runs ?? spec.properties.runs,
    seed,
    path: options.path,
    examples: compiled.propertyParameters.examples,
  });
  if (broken) throw broken.error;
  const ms = performance.now() - started;
  if (!details.failed) return { stage: "properties", ok: true, ms, cases: checked };
  const counterexample = details.counterexample?.[0];
  // An example that fails as written is reported as that example, not as a shrunk input.
  const example = spec.properties.examples.findIndex((e) => isDeepStrictEqual(e, counterexample));
  const failure: EvaluationFailure = {
    ...(lastFailure ?? {
      category: "exception",
      message: `property gate: ${details.errorInstance ?? "failed"}`,
    }),
    counterexample,
    ...(example >= 0 ? { example } : {}),
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
  };
  return { stage: "properties", ok: false, ms, cases: checked, failure };
}

/**
 * Runs one generated input through the candidate (and reference) and judges the output; for
 * closed-loop specs the input is an episode and the output the simulator's episode result.
 */
async function checkCase(
  ctx: GateContext,
  source: string,
  input: unknown,
  seed: number,
  budget: Budget | undefined,
): Promise<EvaluationFailure | undefined> {
  const cases = [{ input: input as Record<string, unknown> }];
  const run = await runCases(ctx, source, cases, { seed, ...(budget ? { budget } : {}) });
  if (!run.ok) return run.failure;
  const reference = ctx.referenceSource !== undefined && ctx.compiled.equivalent
    ? { output: await referenceOutput(ctx, ctx.referenceSource, input, seed) }
    : undefined;
  return judgeOutput(ctx.compiled, input, run.calls[0].output, reference);
}

/**
 * The reference program's output for `input`, from the cache when it has run on it before.
 * Without the cache, candidate and reference alternate in the sandbox for every case, and a pool
 * busy with other candidates reloads a worker each time.
 */
async function referenceOutput(
  ctx: GateContext,
  source: string,
  input: unknown,
  seed: number,
): Promise<unknown> {
  const cache = ctx.referenceCache;
  const key = cache ? JSON.stringify([seed, input]) : "";
  if (cache?.has(key)) return cache.get(key);
  const ref = await runCases(ctx, source, [{ input: input as Record<string, unknown> }], { seed });
  // A failing reference is the spec author's problem: say so instead of blaming the candidate.
  if (!ref.ok) {
    throw new SpecError([{
      file: ctx.spec.file,
      pointer: "/reference",
      message: `the reference program failed on a generated input (${ref.failure.message}); ` +
        `fix the reference or narrow the input schema. Input: ${clipJson(input, 500)}`,
    }]);
  }
  const output = ref.calls[0].output;
  if (cache) {
    if (cache.size >= REFERENCE_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, output);
  }
  return output;
}
