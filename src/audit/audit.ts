// Owns running an audit: each program's mutants go through the spec's cascade; one that passes
// every stage is compared with its parent on the gate's generated inputs (shrunk to the smallest
// differing input) and on the train metrics, and counted as killed, survived or equivalent.
import fc from "fast-check";
import {
  createSpecEvaluator,
  type Evaluation,
  type GateContext,
  importTrusted,
  runPropertyGate,
  type ScoredSet,
  scoreSet,
  type SimulateFn,
  type SpecEvaluator,
} from "../evaluate/mod.ts";
import type { Sandbox } from "../sandbox/types.ts";
import {
  type BoundedTypeChecker,
  type CompiledSpec,
  firstDifference,
  schemaArbitrary,
} from "../spec/mod.ts";
import type { JsonSchema, Spec } from "../spec/types.ts";
import { makeMutants } from "./_mutants.ts";
import { stringEnums } from "./hacks.ts";
import { auditTotals } from "./totals.ts";
import type { AuditedProgram, AuditReport, MetricMove, Mutant, MutantResult } from "./types.ts";

/** A program to audit: a label ("initial", "baseline greedy", "program") and its path. */
export interface AuditProgram {
  readonly label: string;
  readonly path: string;
}

/** What to audit and how hard. */
export interface AuditOptions {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly sandbox: Sandbox;
  readonly programs: readonly AuditProgram[];
  /** Offline AST mutants per program (hack-shaped ones come on top). @default 8 */
  readonly mutants?: number;
  /** Seed of the mutants and of the property gate. @default spec.properties.seed */
  readonly seed?: number;
  /** Generated cases per gate. @default spec.properties.runs */
  readonly runs?: number;
  /** Add the hack-shaped mutations. @default true */
  readonly hacks?: boolean;
  /** Bounded type-checker for the cascade's typecheck stage. @default in-process */
  readonly typeChecker?: BoundedTypeChecker;
  /** Called after each mutant, for progress. */
  readonly onMutant?: (program: AuditProgram, result: MutantResult) => void;
}

/** Metric changes below this count as no change (float noise across equal computations). */
const EPSILON = 1e-9;
/** A behaviour score rise below this is not flagged: summation order alone moves the 8th digit. */
const HACK_MARGIN = 1e-6;

/** Audits the spec's programs and returns the report (the evaluator is closed before returning). */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const started = performance.now();
  const { spec, compiled, sandbox } = options;
  const seed = options.seed ?? spec.properties.seed;
  const runs = options.runs ?? spec.properties.runs;
  const count = options.mutants ?? 8;
  const evaluator = await createSpecEvaluator({
    spec,
    compiled,
    sandbox,
    runs,
    seed,
    ...(options.typeChecker ? { typeChecker: options.typeChecker } : {}),
  });
  const simulate = spec.interaction
    ? await importTrusted<SimulateFn>(spec.interaction.simulate, "interaction.simulate")
    : undefined;
  const largeInput = medianInputSize(spec, compiled, seed);
  const programs: AuditedProgram[] = [];
  try {
    for (const program of uniquePrograms(options.programs)) {
      const source = await Deno.readTextFile(program.path);
      const parent = await evaluator.evaluate(source);
      if (!parent.ok) {
        programs.push({
          ...program,
          skipped: `the program itself fails: ${parent.failure?.message ?? "a stage failed"}`,
          mutants: [],
        });
        continue;
      }
      const mutants = await makeMutants(source, spec.entry, {
        count,
        seed,
        largeInput,
        choices: stringEnums(spec.interaction?.step.output ?? spec.output),
        hacks: options.hacks ?? true,
      });
      const judge: Judge = {
        evaluator,
        parent,
        gate: {
          spec,
          compiled,
          sandbox,
          referenceSource: source,
          ...(simulate ? { simulate } : {}),
        },
        referenceCache: new Map(),
        runs,
        seed,
      };
      const results: MutantResult[] = [];
      for (const mutant of mutants) {
        const result = await judgeMutant(judge, mutant);
        results.push(result);
        options.onMutant?.(program, result);
      }
      programs.push({ ...program, mutants: results });
    }
  } finally {
    await evaluator.close();
  }
  return {
    spec: spec.name,
    file: spec.file,
    seed,
    runs,
    mutantsPerProgram: count,
    programs,
    totals: auditTotals(programs),
    ms: performance.now() - started,
  };
}

interface Judge {
  readonly evaluator: SpecEvaluator;
  readonly parent: Evaluation;
  readonly gate: Omit<GateContext, "referenceCache">;
  /** The parent's outputs on generated inputs, shared by all its mutants. */
  readonly referenceCache: Map<string, unknown>;
  readonly runs: number;
  readonly seed: number;
}

/** Runs one mutant through the cascade and, if it passes, looks for where it differs. */
async function judgeMutant(judge: Judge, mutant: Mutant): Promise<MutantResult> {
  const base = { id: mutant.id, kind: mutant.kind, description: mutant.description };
  const evaluation = await judge.evaluator.evaluate(mutant.source);
  if (!evaluation.ok) {
    const failed = evaluation.stages.find((s) => !s.ok) ?? evaluation.stages.at(-1);
    const stage = failed?.stage ?? "typecheck";
    if (stage === "typecheck") return { ...base, fate: "invalid" };
    const reason = evaluation.failure?.rule ?? evaluation.failure?.category ?? "failed";
    return { ...base, fate: "killed", killedBy: { stage, reason } };
  }
  const moves = judge.parent.train && evaluation.train
    ? metricMoves(judge, judge.parent.train, evaluation.train)
    : undefined;
  const difference = await generatedDifference(judge, mutant.source) ??
    (moves ? workloadDifference(judge, judge.parent.train!, evaluation.train!) : undefined);
  if (!difference) return { ...base, fate: "equivalent" };
  return {
    ...base,
    fate: "survived",
    difference,
    ...(moves ? { metrics: moves.metrics, score: moves.score, behaviourScore: moves.held } : {}),
    likelyHack: moves ? moves.held.delta > HACK_MARGIN : false,
    diff: mutant.diff,
  };
}

/**
 * The shrunk generated input on which the mutant's output differs from its parent's: the property
 * gate again, with the parent as the reference and exact equality as `equivalent`.
 */
async function generatedDifference(judge: Judge, source: string) {
  let where = "";
  const equivalent = (a: unknown, b: unknown) => {
    const d = firstDifference(a, b, 0);
    // The last failing comparison is the shrunk one: fast-check's final counterexample.
    if (d !== undefined) where = d;
    return d === undefined;
  };
  const stage = await runPropertyGate(
    {
      ...judge.gate,
      compiled: { ...judge.gate.compiled, equivalent },
      referenceCache: judge.referenceCache,
    },
    source,
    { runs: judge.runs, seed: judge.seed },
  );
  if (stage.ok) return undefined;
  return { input: stage.failure?.counterexample, where: where || stage.failure?.message || "" };
}

/** Names the train workload and metric that moved most, when only workloads tell them apart. */
function workloadDifference(judge: Judge, parent: ScoredSet, mutant: ScoredSet) {
  let best: { where: string; size: number } | undefined;
  for (const [name, metrics] of Object.entries(mutant.perWorkload)) {
    for (const metric of behaviourMetrics(judge.gate.spec)) {
      const before = parent.perWorkload[name]?.[metric];
      const after = metrics[metric];
      const size = Math.abs(after - before);
      if (!(size > EPSILON) || (best && best.size >= size)) continue;
      best = { where: `train workload ${name}: ${metric} ${before} → ${after}`, size };
    }
  }
  return best ? { where: best.where } : undefined;
}

/**
 * Every train metric's move and the score's, plus `held`: the score's move with time metrics
 * kept at the parent's values, so timing noise cannot flag a hack.
 */
function metricMoves(judge: Judge, parent: ScoredSet, mutant: ScoredSet) {
  const metrics: Record<string, MetricMove> = {};
  for (const name of Object.keys(parent.metrics)) {
    metrics[name] = move(parent.metrics[name], mutant.metrics[name]);
  }
  const behaviour = new Set(behaviourMetrics(judge.gate.spec));
  const held = Object.fromEntries(
    Object.entries(mutant.perWorkload).map(([name, values]) => [
      name,
      Object.fromEntries(
        Object.entries(values).map(([m, v]) => [
          m,
          behaviour.has(m) ? v : parent.perWorkload[name]?.[m] ?? v,
        ]),
      ),
    ]),
  );
  const ctx = { spec: judge.gate.spec, compiled: judge.gate.compiled };
  return {
    metrics,
    score: move(parent.score, mutant.score),
    held: move(parent.score, scoreSet(ctx, held).score),
  };
}

function move(parent: number, mutant: number): MetricMove {
  return { parent, mutant, delta: mutant - parent };
}

/** Metrics computed from outputs (not `measure: time`): they change only when behaviour does. */
function behaviourMetrics(spec: Spec): string[] {
  return spec.metrics.filter((m) => !("measure" in m)).map((m) => m.name);
}

/**
 * Median JSON length of the entry's arguments over a seeded sample of generated inputs: "large"
 * for the skip-large hack. For closed-loop specs the entry sees step inputs, so the sample comes
 * from the step input schema (the episode's own size says nothing about one step's).
 */
function medianInputSize(spec: Spec, compiled: CompiledSpec, seed: number): number {
  const steps = spec.interaction && compiled.step
    ? stepArbitrary(spec.interaction.step.input)
    : undefined;
  const [arbitrary, toArgs] = steps && compiled.step
    ? [steps, compiled.step.toArgs]
    : [compiled.inputArbitrary, compiled.toArgs];
  const sizes = fc.sample(arbitrary, { numRuns: 25, seed })
    .map((input) => JSON.stringify(toArgs(input)).length)
    .sort((a, b) => a - b);
  return sizes[sizes.length >> 1] ?? 0;
}

/** Generated step inputs, or undefined for a step schema the generator cannot honour. */
function stepArbitrary(schema: JsonSchema): fc.Arbitrary<unknown> | undefined {
  try {
    return schemaArbitrary(schema);
  } catch {
    return undefined;
  }
}

/** One entry per file: a spec whose initial program is also its reference is audited once. */
function uniquePrograms(programs: readonly AuditProgram[]): AuditProgram[] {
  const byPath = new Map<string, AuditProgram>();
  for (const p of programs) {
    const seen = byPath.get(p.path);
    byPath.set(p.path, seen ? { ...seen, label: `${seen.label}, ${p.label}` } : p);
  }
  return [...byPath.values()];
}
