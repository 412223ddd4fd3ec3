// Owns the property gate: fast-check generates inputs from the spec, the candidate runs on each in
// the sandbox, trusted code judges every output, and the first failure is shrunk to a minimal input.
import fc from "fast-check";
import type { Sandbox } from "../sandbox/types.ts";
import type { CompiledSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import { judgeOutput } from "./outputs.ts";
import type { EvaluationFailure, StageResult } from "./types.ts";

/** Failures whose shrinking would cost a timeout or a new child per try: reported as first found. */
const NOT_SHRUNK = new Set(["timeout", "memory", "crash", "syntax", "load"]);

export interface PropertyGateOptions {
  /** Generated cases (after the spec's examples). @default spec.properties.runs */
  readonly runs?: number;
  /** fast-check seed. @default spec.properties.seed */
  readonly seed?: number;
  /** fast-check replay path of an earlier failure. */
  readonly path?: string;
}

/** Context the gate runs in: the spec, its compiled checks, a sandbox and the reference source. */
export interface GateContext {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly sandbox: Sandbox;
  readonly referenceSource?: string;
}

/** Runs the candidate on generated inputs; returns the `properties` stage result. */
export async function runPropertyGate(
  ctx: GateContext,
  source: string,
  options: PropertyGateOptions = {},
): Promise<StageResult> {
  const started = performance.now();
  const { spec, compiled } = ctx;
  const seed = options.seed ?? spec.properties.seed;
  let checked = 0;
  let stopShrinking = false;
  let lastFailure: EvaluationFailure | undefined;

  const property = fc.asyncProperty(compiled.inputArbitrary, async (input) => {
    if (stopShrinking) return true;
    checked++;
    const failure = await checkCase(ctx, source, input, seed);
    if (!failure) return true;
    lastFailure = failure;
    if (NOT_SHRUNK.has(failure.category)) stopShrinking = true;
    return false;
  });
  const details = await fc.check(property, {
    numRuns: options.runs ?? spec.properties.runs,
    seed,
    path: options.path,
    examples: compiled.propertyParameters.examples,
  });
  const ms = performance.now() - started;
  if (!details.failed) return { stage: "properties", ok: true, ms, cases: checked };
  const failure: EvaluationFailure = {
    ...(lastFailure ?? {
      category: "exception",
      message: `property gate: ${details.errorInstance ?? "failed"}`,
    }),
    counterexample: details.counterexample?.[0],
    seed: details.seed,
    path: details.counterexamplePath ?? undefined,
  };
  return { stage: "properties", ok: false, ms, cases: checked, failure };
}

/** Runs one generated input through the candidate (and reference) and judges the output. */
async function checkCase(
  ctx: GateContext,
  source: string,
  input: unknown,
  seed: number,
): Promise<EvaluationFailure | undefined> {
  const args = ctx.compiled.toArgs(input);
  const run = await ctx.sandbox.run({ source, entry: ctx.spec.entry, calls: [args], seed });
  if (!run.ok) return run.failure;
  let reference: { output: unknown } | undefined;
  if (ctx.referenceSource !== undefined && ctx.compiled.equivalent) {
    const ref = await ctx.sandbox.run({
      source: ctx.referenceSource,
      entry: ctx.spec.entry,
      calls: [args],
      seed,
    });
    // A failing reference is the spec author's problem: say so instead of blaming the candidate.
    if (!ref.ok) throw new Error(`reference program failed: ${ref.failure.message}`);
    reference = { output: ref.calls[0].output };
  }
  return judgeOutput(ctx.compiled, input, run.calls[0].output, reference);
}
