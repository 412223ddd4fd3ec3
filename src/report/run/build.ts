// Owns building the run report model from a run's RunReader: one pass over programs, evaluations,
// events and LLM calls; the renderers never read the database.
import type { RunReader } from "../../evolve/database/store.ts";
import type { EventRecord, StoredProgram } from "../../evolve/records/mod.ts";
import { ranksAbove } from "../../evolve/records/mod.ts";
import { EvolveError } from "../../errors/mod.ts";
import { bestSeries, byIteration } from "../../runview/mod.ts";
import { cascadeSavings } from "./_cascade.ts";
import { runLimits } from "./_limits.ts";
import { lineage, summarize } from "./_lineage.ts";
import { proposerStats, usage } from "./_proposers.ts";
import { operatorStats } from "./_operators.ts";
import type { FailureBreakdown, HoldoutGap, RunReport, ScoreSeries } from "./model.ts";

/** Builds the report of the run `store` reads; throws EvolveError when it holds no run. */
export function buildRunReport(store: RunReader, generatedAt: Date = new Date()): RunReport {
  const run = store.getRun();
  if (!run) {
    throw new EvolveError(`report: ${store.location} holds no run; pass the directory of a run`, {
      kind: "usage",
    });
  }
  const programs = store.listPrograms();
  const events = store.listEvents();
  const byId = new Map(programs.map((p) => [p.id, p]));
  const evaluated = programs.filter((p) => p.evaluation);
  const ok = evaluated.filter((p) => p.evaluation!.ok);
  const best = ok.reduce<StoredProgram | undefined>(
    (b, p) => (!b || ranks(p, b) ? p : b),
    undefined,
  );
  const initial = programs.find((p) => p.iteration === 0);
  const count = (kind: EventRecord["kind"]) => events.filter((e) => e.kind === kind).length;
  const proposers = proposerStats(programs, events);
  return {
    version: 1,
    generatedAt: generatedAt.toISOString(),
    run: {
      spec: run.specName,
      specHash: run.specHash,
      status: run.status,
      stopReason: run.stopReason,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      seed: run.rngState.seed,
      rngAlgorithm: run.rngState.algorithm,
      config: run.config,
      sessions: count("started") + count("resumed"),
      limits: runLimits(run.config, events),
    },
    totals: {
      iterations: Math.max(
        0,
        ...programs.map((p) => p.iteration),
        ...events.map((e) => e.iteration ?? 0),
      ),
      programs: programs.length,
      evaluated: evaluated.length,
      ok: ok.length,
      failed: evaluated.length - ok.length,
      pending: programs.length - evaluated.length,
      duplicates: count("duplicate-rejected"),
      proposalFailures: count("proposal-failed"),
      migrations: count("migration"),
      reseeds: count("reseed"),
      evaluationMs: evaluated.reduce((sum, p) => sum + p.evaluation!.wallMs, 0),
    },
    initial: initial && summarize(initial),
    best: best && {
      ...summarize(best),
      generation: best.generation,
      description: best.description,
      trainMetrics: best.evaluation!.train?.metrics ?? {},
      holdoutMetrics: best.evaluation!.holdout?.result?.metrics,
      source: best.source,
      lineage: lineage(best, byId),
    },
    series: scoreSeries(evaluated),
    failures: failureBreakdown(evaluated),
    holdout: holdoutGap(ok, best),
    cascade: cascadeSavings(evaluated.map((p) => p.evaluation!)),
    proposers,
    operators: operatorStats(programs),
    usage: usage(proposers, store.listLlmCalls()),
  };
}

/** The one ranking rule, applied to stored programs. */
function ranks(a: StoredProgram, b: StoredProgram): boolean {
  return ranksAbove(
    { id: a.id, score: a.evaluation?.train?.score },
    { id: b.id, score: b.evaluation?.train?.score },
  );
}

function scoreSeries(evaluated: readonly StoredProgram[]): ScoreSeries {
  const inOrder = [...evaluated].sort(byIteration);
  const best = bestSeries(
    inOrder.map((p) => ({
      ...p,
      score: p.evaluation!.ok ? p.evaluation!.train?.score : undefined,
    })),
  ).map((p) => ({
    iteration: p.iteration,
    id: p.id,
    trainScore: p.score!,
    holdoutScore: p.evaluation!.holdout?.result?.score,
  }));
  return {
    candidates: inOrder.map((p) => ({
      id: p.id,
      iteration: p.iteration,
      proposer: p.proposer,
      ok: p.evaluation!.ok,
      trainScore: p.evaluation!.train?.score,
      failure: p.evaluation!.failure?.category,
    })),
    best,
  };
}

function failureBreakdown(evaluated: readonly StoredProgram[]): FailureBreakdown {
  const failed = evaluated.filter((p) => !p.evaluation!.ok);
  const categories = new Map<string, FailureBreakdown["byCategory"][number]>();
  const byStage: Record<string, number> = {};
  for (const p of failed) {
    const e = p.evaluation!;
    const category = e.failure?.category ?? "unknown";
    const known = categories.get(category);
    categories.set(category, {
      category,
      count: (known?.count ?? 0) + 1,
      example: known?.example ?? { programId: p.id, message: e.failure?.message ?? "" },
    });
    const stage = e.stages.find((s) => !s.ok)?.stage ?? "unknown";
    byStage[stage] = (byStage[stage] ?? 0) + 1;
  }
  return {
    total: failed.length,
    byCategory: [...categories.values()].sort((a, b) =>
      b.count - a.count || a.category.localeCompare(b.category)
    ),
    byStage,
  };
}

function holdoutGap(ok: readonly StoredProgram[], best: StoredProgram | undefined): HoldoutGap {
  const programs = ok.flatMap((p) => {
    const holdout = p.evaluation!.holdout?.result?.score;
    const train = p.evaluation!.train?.score;
    return holdout === undefined || train === undefined
      ? []
      : [{ id: p.id, iteration: p.iteration, train, holdout, gap: train - holdout }];
  }).sort((a, b) => b.train - a.train || a.id - b.id);
  const forBest = best && programs.find((p) => p.id === best.id);
  return {
    best: forBest && { train: forBest.train, holdout: forBest.holdout, gap: forBest.gap },
    programs,
  };
}
