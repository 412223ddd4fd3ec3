// Owns the evaluation cascade: cheap stages first (type-check, property gate, quick score), then
// full train workloads, then holdout (reported, never used for selection). A candidate stops at
// the first failing stage and gets that stage's feedback.
import { collectGarbage } from "./_heap.ts";
import { SpecError } from "../errors/mod.ts";
import type { Sandbox } from "../sandbox/types.ts";
import type { BoundedTypeChecker, CompiledSpec, Diagnostic } from "../spec/mod.ts";
import type { Spec, StageName } from "../spec/types.ts";
import { type Budget, budgetOf, runCases } from "./_cases.ts";
import { runPropertyGate } from "./gate.ts";
import { measureWorkloads, scoreSet, type ScoringContext } from "./score.ts";
import { importTrusted } from "./trusted.ts";
import type {
  CasesFn,
  EvaluateOptions,
  Evaluation,
  EvaluationFailure,
  Evaluator,
  MetricFn,
  ScoredSet,
  SimulateFn,
  StageResult,
} from "./types.ts";
import { type LoadedWorkload, WorkloadSets } from "../workloads/mod.ts";

export interface SpecEvaluatorOptions {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly sandbox: Sandbox;
  /** Property-gate cases. @default spec.properties.runs */
  readonly runs?: number;
  /** Property-gate seed. @default spec.properties.seed */
  readonly seed?: number;
  /** fast-check replay path of an earlier gate failure (with its seed). */
  readonly path?: string;
  /** Close the sandbox when the evaluator closes. @default false */
  readonly ownsSandbox?: boolean;
  /**
   * Runs the `typecheck` stage in a child process with a time and heap limit; closed when the
   * evaluator closes. @default none: the check runs in this process, unbounded (tests, trusted code)
   */
  readonly typeChecker?: BoundedTypeChecker;
}

/**
 * Builds the cascade evaluator for a spec: loads its trusted modules and the reference, and reads
 * and checks every workload case. When that fails (a SpecError for bad data), the sandbox (when
 * owned) and the type-checker are closed before the error is rethrown.
 */
export async function createSpecEvaluator(options: SpecEvaluatorOptions): Promise<SpecEvaluator> {
  try {
    return new SpecEvaluator(options, await loadTrusted(options.spec));
  } catch (e) {
    await options.typeChecker?.close();
    if (options.ownsSandbox) await options.sandbox.close();
    throw e;
  }
}

async function loadTrusted(spec: Spec): Promise<Loaded> {
  const metricFns = new Map<string, MetricFn>();
  for (const metric of spec.metrics) {
    if ("evaluator" in metric) {
      metricFns.set(
        metric.name,
        await importTrusted<MetricFn>(metric.evaluator, `metric ${metric.name}`),
      );
    }
  }
  const casesRef = spec.workloads?.cases;
  const workloads = spec.workloads
    ? new WorkloadSets({
      spec,
      ...(casesRef ? { cases: await importTrusted<CasesFn>(casesRef, "workloads.cases") } : {}),
    })
    : undefined;
  // Every workload case is held to the spec now, before any candidate runs: bad data is the
  // spec's fault and must not be found halfway through an evolution, or blamed on a candidate.
  if (workloads) {
    const stages = spec.cascade.stages;
    if (stages.some((s) => s === "quick" || s === "train")) await workloads.load("train");
    if (stages.includes("holdout")) await workloads.load("holdout");
  }
  const referenceSource = spec.reference ? await Deno.readTextFile(spec.reference) : undefined;
  const simulate = spec.interaction
    ? await importTrusted<SimulateFn>(spec.interaction.simulate, "interaction.simulate")
    : undefined;
  return { metricFns, workloads, referenceSource, simulate };
}

const WORKLOAD_STAGES: ReadonlySet<StageName> = new Set(["quick", "train", "holdout"]);

interface Loaded {
  readonly metricFns: ReadonlyMap<string, MetricFn>;
  readonly workloads?: WorkloadSets;
  readonly referenceSource?: string;
  readonly simulate?: SimulateFn;
}

/** Evaluates candidate sources through the spec's cascade. */
export class SpecEvaluator implements Evaluator {
  readonly #options: SpecEvaluatorOptions;
  readonly #loaded: Loaded;
  readonly #scoring: ScoringContext;
  readonly #reference = new Map<LoadedWorkload, Promise<readonly unknown[]>>();
  readonly #referenceCache = new Map<string, unknown>();
  readonly #typecheck: (source: string) => Promise<Diagnostic[]>;

  constructor(options: SpecEvaluatorOptions, loaded: Loaded) {
    this.#options = options;
    this.#loaded = loaded;
    const { typeChecker, compiled, spec } = options;
    this.#typecheck = typeChecker
      ? typeChecker.checkerFor(spec.entry, compiled.types)
      : (source) => Promise.resolve(compiled.typecheck(source));
    const { referenceSource } = loaded;
    this.#scoring = {
      spec: options.spec,
      compiled: options.compiled,
      sandbox: options.sandbox,
      metricFns: loaded.metricFns,
      ...(loaded.simulate ? { simulate: loaded.simulate } : {}),
      ...(referenceSource !== undefined && options.compiled.equivalent
        ? { referenceOutputs: (w: LoadedWorkload) => this.#referenceOutputs(referenceSource, w) }
        : {}),
    };
  }

  /** The reference's outputs on `workload`, run once per evaluator (workloads are immutable). */
  #referenceOutputs(source: string, workload: LoadedWorkload): Promise<readonly unknown[]> {
    let pending = this.#reference.get(workload);
    if (!pending) {
      pending = runCases(this.#scoring, source, workload.cases, {
        seed: this.#options.spec.properties.seed,
      }).then((run) => {
        // A failing reference is the spec author's problem: say so instead of blaming the candidate.
        if (!run.ok) {
          throw new SpecError([{
            file: this.#options.spec.file,
            pointer: "/reference",
            message: `workload ${workload.name}: the reference program failed ` +
              `(${run.failure.message}); fix the reference or raise sandbox.timeoutMs`,
          }]);
        }
        return run.calls.map((c) => c.output);
      });
      this.#reference.set(workload, pending);
    }
    return pending;
  }

  /** Runs the stages in order; stops at the first failure. */
  async evaluate(source: string, options: EvaluateOptions = {}): Promise<Evaluation> {
    const evaluationMs = this.#options.spec.sandbox.evaluationMs;
    const budget = budgetOf(evaluationMs, "sandbox.evaluationMs", "per evaluation");
    const stages: StageResult[] = [];
    const stop = (failure: EvaluationFailure): Evaluation => ({ ok: false, stages, failure });
    const names = this.#options.spec.cascade.stages;
    let quick: LoadedWorkload[] = [];
    let quickSet: ScoredSet | undefined;
    let train: Evaluation["train"];
    let holdout: Evaluation["holdout"];

    for (const stage of names) {
      if (stage === "holdout" && !options.holdout) continue;
      // Workload stages need workloads; a spec without them is checked by its gates alone.
      if (WORKLOAD_STAGES.has(stage) && !this.#loaded.workloads) continue;
      const started = performance.now();
      const result = await this.#runStage(stage, source, { quick, quickSet }, budget);
      stages.push({ ...result.stage, ms: performance.now() - started });
      // Outside the stage's time: the stage's short-lived data goes before the next allocates.
      collectGarbage();
      if (result.stage.failure) return stop(result.stage.failure);
      if (stage === "quick") {
        quick = result.used ?? [];
        quickSet = result.stage.result;
      }
      if (stage === "train") train = result.stage.result;
      if (stage === "holdout") holdout = result.stage.result;
    }
    return { ok: true, stages, train, holdout };
  }

  async #runStage(
    stage: StageName,
    source: string,
    done: { quick: LoadedWorkload[]; quickSet: ScoredSet | undefined },
    budget: Budget,
  ): Promise<{ stage: Omit<StageResult, "ms">; used?: LoadedWorkload[] }> {
    const { spec, compiled } = this.#options;
    switch (stage) {
      case "typecheck": {
        const diagnostics = await this.#typecheck(source);
        if (diagnostics.length === 0) return { stage: { stage, ok: true } };
        const first = diagnostics[0];
        return {
          stage: {
            stage,
            ok: false,
            failure: {
              // TypeScript numbers its syntax diagnostics 1000-1999.
              category: first.code !== undefined && first.code < 2000 ? "syntax" : "type",
              message: diagnostics.slice(0, 5).map((d) =>
                `${d.line === undefined ? "" : `${d.line}:${d.column}: `}${d.message}`
              ).join("\n"),
              line: first.line,
              column: first.column,
            },
          },
        };
      }
      case "properties":
        return {
          stage: await runPropertyGate(
            {
              spec,
              compiled,
              sandbox: this.#options.sandbox,
              referenceSource: this.#loaded.referenceSource,
              referenceCache: this.#referenceCache,
              ...(this.#loaded.simulate ? { simulate: this.#loaded.simulate } : {}),
            },
            source,
            {
              runs: this.#options.runs,
              seed: this.#options.seed,
              path: this.#options.path,
              budget,
            },
          ),
        };
      case "quick": {
        const used = (await this.#workloads("train")).slice(0, spec.cascade.quickWorkloads);
        const measured = await measureWorkloads(this.#scoring, source, used, budget);
        if (!measured.ok) return { stage: { stage, ok: false, failure: measured.failure } };
        const result = scoreSet(this.#scoring, measured.perWorkload, measured.perWorkloadSpread);
        if (result.score < spec.cascade.quickMinScore) {
          return {
            stage: {
              stage,
              ok: false,
              result,
              failure: {
                category: "threshold",
                message: `threshold: quick score ${
                  result.score.toFixed(4)
                } is below cascade.quickMinScore ${spec.cascade.quickMinScore}`,
              },
            },
          };
        }
        return { stage: { stage, ok: true, result }, used };
      }
      case "train":
      case "holdout": {
        const all = await this.#workloads(stage);
        // The quick stage already measured its workloads; reuse them rather than run them twice.
        const rest = stage === "train" ? all.filter((w) => !done.quick.includes(w)) : all;
        const measured = await measureWorkloads(this.#scoring, source, rest, budget);
        if (!measured.ok) return { stage: { stage, ok: false, failure: measured.failure } };
        const reused = stage === "train" ? done.quickSet : undefined;
        const perWorkload = { ...reused?.perWorkload, ...measured.perWorkload };
        const spread = { ...reused?.perWorkloadSpread, ...measured.perWorkloadSpread };
        return { stage: { stage, ok: true, result: scoreSet(this.#scoring, perWorkload, spread) } };
      }
    }
  }

  async #workloads(split: "train" | "holdout"): Promise<LoadedWorkload[]> {
    return await this.#loaded.workloads?.load(split) ?? [];
  }

  /**
   * The `typecheck` stage alone: the bounded child process when the evaluator has one, so a
   * proposer that vets candidates (the offline mutator) needs no type checker of its own.
   */
  typecheck(source: string): Promise<Diagnostic[]> {
    return this.#typecheck(source);
  }

  /** Closes the sandbox when this evaluator owns it. */
  async close(): Promise<void> {
    await this.#options.typeChecker?.close();
    if (this.#options.ownsSandbox) await this.#options.sandbox.close();
  }
}
