// Owns the evaluation contract: the records the cascade produces and the shape of the trusted
// problem modules (`evaluators/*.ts`) that a spec names; authors import them from
// `specevolve/author` (src/author/mod.ts).
import type { CandidateFailure } from "../sandbox/types.ts";
import type { StageName } from "../spec/types.ts";

/** One call of the candidate made from a workload, with trusted context for the metric. */
export interface WorkloadCase {
  /**
   * The input object. Held to the spec's `input` schema, `assume` and input-only `derive` when the
   * workload is loaded, before any candidate runs; a case that breaks them is a SpecError.
   */
  readonly input: Readonly<Record<string, unknown>>;
  /** Anything the metric needs and the candidate must not see (e.g. the next load window). */
  readonly context?: unknown;
}

/** A workload file as read from disk. */
export interface WorkloadFile {
  readonly path: string;
  readonly name: string;
  readonly bytes: Uint8Array;
}

/**
 * Trusted: `workloads.cases` export, for files in a format of the problem's own. Turns one workload
 * file into cases; specevolve holds each to the spec (it need not check the domain itself), and a
 * throw is reported as a SpecError naming the function and the file.
 *
 * @example
 * ```ts
 * export const cases: CasesFn = async (file) => {
 *   const trace = JSON.parse(new TextDecoder().decode(file.bytes));
 *   return trace.windows.slice(1).map((next: number[], t: number) => ({
 *     input: { load: trace.windows[t] },
 *     context: { next },
 *   }));
 * };
 * ```
 */
export type CasesFn = (
  file: WorkloadFile,
) => readonly WorkloadCase[] | Promise<readonly WorkloadCase[]>;

/**
 * Trusted: a metric's `evaluator` export. Receives one workload file's cases and the candidate's
 * cloned outputs, one per case, in order; must return a finite number (NaN or a throw is a
 * SpecError naming the metric).
 *
 * @example
 * ```ts
 * export const hitRatio: MetricFn = (cases, outputs) =>
 *   outputs.reduce((s: number, o) => s + (o as { hits: number }).hits, 0) / cases.length;
 * ```
 */
export type MetricFn = (cases: readonly WorkloadCase[], outputs: readonly unknown[]) => number;

/**
 * Trusted: `workloads.generate` export, for traces the declarative families cannot draw. Writes
 * train/holdout files into the given dirs (with `writeCaseSet` for the built-in formats).
 *
 * @example
 * ```ts
 * export const generate: GenerateFn = async ({ trainDir, holdoutDir }) => {
 *   await writeCaseSet(trainDir, "train", [["0", { cases: [{ input: { xs: [3, 1, 2] } }] }]]);
 *   await writeCaseSet(holdoutDir, "holdout", [["0", { cases: [{ input: { xs: [2, 1] } }] }]]);
 * };
 * ```
 */
export type GenerateFn = (options: {
  readonly trainDir: string;
  readonly holdoutDir: string;
  readonly seed: number;
}) => Promise<void> | void;

/**
 * Trusted: `interaction.simulate` export. Plays one episode of a closed-loop problem: builds each
 * step input from the past only (plus the `state` the candidate returned at the previous step),
 * awaits `step` for the candidate's decision, acts on it, and returns the episode result that
 * invariants and metrics judge (it must match the spec's `output` schema). `step` rejects when the
 * candidate failed; the simulator should let that rejection propagate. `context` is the case's
 * trusted context (undefined for generated episodes).
 */
export type SimulateFn = (
  input: Readonly<Record<string, unknown>>,
  step: StepFn,
  context?: unknown,
) => Promise<unknown>;

/**
 * Runs one candidate call on a step input (an object matching `interaction.step.input`, mapped to
 * arguments by `interaction.step.args`) and resolves to its output, already validated against
 * `interaction.step.output`.
 */
export type StepFn = (stepInput: Readonly<Record<string, unknown>>) => Promise<unknown>;

/** A failure found by the cascade, with what the prompt builder needs to explain it. */
export interface EvaluationFailure extends CandidateFailure {
  /** Invariant id and its doc line, for `invariant` failures. */
  readonly rule?: string;
  readonly doc?: string;
  /** The shrunk input that broke the rule, and the candidate's output on it (truncated JSON). */
  readonly counterexample?: unknown;
  readonly output?: string;
  /** fast-check seed and path that replay the failure. */
  readonly seed?: number;
  readonly path?: string;
  /**
   * For a failure on a workload case: its file and index (`counterexample` is then that case's
   * input, the smallest failing one of the file, not a shrunk generated input).
   */
  readonly workload?: { readonly file: string; readonly case: number };
  /** When the counterexample is `properties.examples[example]` as written (not shrunk). */
  readonly example?: number;
}

/** Metrics and score on one workload set. */
export interface ScoredSet {
  readonly metrics: Readonly<Record<string, number>>;
  readonly score: number;
  /** Per workload file name: its metrics. */
  readonly perWorkload: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface StageResult {
  readonly stage: StageName;
  readonly ok: boolean;
  /** Wall time of the stage, ms. */
  readonly ms: number;
  readonly failure?: EvaluationFailure;
  /** For `properties`: cases checked. */
  readonly cases?: number;
  /** For `quick`, `train`, `holdout`. */
  readonly result?: ScoredSet;
}

/** Everything the cascade learned about one candidate. */
export interface Evaluation {
  /** True when every gating stage passed (typecheck, properties, quick threshold, train). */
  readonly ok: boolean;
  readonly stages: readonly StageResult[];
  /** First failure, if any. */
  readonly failure?: EvaluationFailure;
  /** Train score (used for selection) and holdout score (reported only). */
  readonly train?: ScoredSet;
  readonly holdout?: ScoredSet;
}

export interface EvaluateOptions {
  /** Also run the holdout stage. @default false */
  readonly holdout?: boolean;
}

/** Evaluates candidate sources; the evolve engine depends on this, tests pass fakes. */
export interface Evaluator {
  evaluate(source: string, options?: EvaluateOptions): Promise<Evaluation>;
  close(): Promise<void>;
}
