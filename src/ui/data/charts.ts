// Owns the run page's chart data: candidates and best scores over iterations, the cascade funnel,
// token and cost use, evaluation rate; columnar (one array per field) so 1000+ programs stay small.
import type { RunReader } from "../../evolve/database/store.ts";
import type { ProgramSummary } from "../../evolve/records/mod.ts";
import {
  bestSeries,
  byIteration,
  type ModelUsage,
  stageTotals,
  usageByModel,
  type UsagePoint,
} from "../../runview/mod.ts";

/** The cascade's stages in the order they run; stages unknown to this build go after them. */
const STAGE_ORDER = ["typecheck", "properties", "quick", "train"];

export interface RunCharts {
  /** Outcome labels: "ok" first, then failure categories, most frequent first. */
  readonly outcomes: readonly string[];
  /** Every evaluated candidate, in iteration order. `train` is null for a failed one. */
  readonly candidates: {
    readonly id: readonly number[];
    readonly iteration: readonly number[];
    readonly train: readonly (number | null)[];
    /** Index into `outcomes`. */
    readonly outcome: readonly number[];
  };
  /** New bests in iteration order: the best train score from then on, and its holdout score. */
  readonly best: {
    readonly iteration: readonly number[];
    readonly id: readonly number[];
    readonly train: readonly number[];
    readonly holdout: readonly (number | null)[];
  };
  readonly funnel: Funnel;
  readonly usage: {
    /** Cumulative, one point per LLM call (or per proposal with usage), in iteration order. */
    readonly iteration: readonly number[];
    readonly costUsd: readonly number[];
    readonly tokens: readonly number[];
    readonly byModel: readonly ModelUsage[];
  };
  /** Evaluations finished per minute, over the run's wall time. */
  readonly rate: {
    /** Middle of each bucket, Unix seconds (UTC). */
    readonly minute: readonly number[];
    readonly perMinute: readonly number[];
    /** Width of a bucket, seconds. */
    readonly bucketSeconds: number;
  };
}

export type { ModelUsage };

/** How far candidates got: before evaluation, then at each cascade stage. */
export interface Funnel {
  /** Proposals attempted: programs stored plus duplicates and failed proposals. */
  readonly proposed: number;
  readonly duplicates: number;
  readonly proposalFailures: number;
  /** Stored but not evaluated yet (in flight, or cut off by a stop). */
  readonly pending: number;
  readonly stages: readonly {
    readonly stage: string;
    readonly entered: number;
    readonly stopped: number;
    readonly meanMs: number;
  }[];
  /** Passed every gating stage. */
  readonly passed: number;
  /** Programs with a holdout score. */
  readonly holdout: number;
}

/** Reads the chart data of the run `reader` reads. */
export function runCharts(reader: RunReader): RunCharts {
  const programs = reader.listProgramSummaries();
  const rows = programs.filter((p) => p.evaluation).sort(byIteration);
  const categoryCounts = new Map<string, number>();
  for (const r of rows) {
    const c = r.evaluation!.failureCategory;
    if (c !== undefined) categoryCounts.set(c, (categoryCounts.get(c) ?? 0) + 1);
  }
  const outcomes = [
    "ok",
    ...[...categoryCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c),
  ];
  const points = rows.map((r) => ({ ...r, score: r.evaluation!.trainScore }));
  const best = bestSeries(points);
  return {
    outcomes,
    candidates: {
      id: rows.map((r) => r.id),
      iteration: rows.map((r) => r.iteration),
      train: points.map((p) => p.score ?? null),
      outcome: rows.map((r) =>
        r.evaluation!.ok ? 0 : outcomes.indexOf(r.evaluation!.failureCategory!)
      ),
    },
    best: {
      iteration: best.map((p) => p.iteration),
      id: best.map((p) => p.id),
      train: best.map((p) => p.score!),
      holdout: best.map((p) => p.evaluation!.holdoutScore ?? null),
    },
    funnel: funnel(reader, programs),
    usage: usage(reader, programs),
    rate: evaluationRate(rows.map((r) => Date.parse(r.evaluation!.createdAt))),
  };
}

function funnel(reader: RunReader, programs: readonly ProgramSummary[]): Funnel {
  const evaluated = programs.flatMap((p) => p.evaluation ? [p.evaluation] : []);
  const rank = (s: string) =>
    STAGE_ORDER.indexOf(s) === -1 ? STAGE_ORDER.length : STAGE_ORDER.indexOf(s);
  const stages = stageTotals(reader.listStageOutcomes().map((o) => o.stages)).map((s) => ({
    stage: s.stage,
    entered: s.entered,
    stopped: s.stopped,
    meanMs: s.totalMs / s.entered,
  }));
  const duplicates = reader.listEvents(["duplicate-rejected"]).length;
  const proposalFailures = reader.listEvents(["proposal-failed"]).length;
  return {
    proposed: programs.length + duplicates + proposalFailures,
    duplicates,
    proposalFailures,
    pending: programs.length - evaluated.length,
    stages: stages.sort((a, b) => rank(a.stage) - rank(b.stage)),
    passed: evaluated.filter((e) => e.ok).length,
    holdout: evaluated.filter((e) => e.holdoutScore !== undefined).length,
  };
}

function usage(reader: RunReader, programs: readonly ProgramSummary[]): RunCharts["usage"] {
  const calls = reader.listLlmUsage();
  const points: (UsagePoint & { iteration: number; id: number })[] = calls.length > 0
    ? calls.map((c) => ({ ...c, iteration: c.iteration ?? 0, error: c.failed ? "" : undefined }))
    : programs.flatMap((p) => p.usage ? [{ ...p.usage, iteration: p.iteration, id: p.id }] : []);
  points.sort((a, b) => a.iteration - b.iteration || a.id - b.id);
  const out = { iteration: [] as number[], costUsd: [] as number[], tokens: [] as number[] };
  let cost = 0;
  let tokens = 0;
  for (const p of points) {
    cost += p.costUsd;
    tokens += p.inputTokens + p.outputTokens;
    out.iteration.push(p.iteration);
    out.costUsd.push(cost);
    out.tokens.push(tokens);
  }
  return { ...out, byModel: usageByModel(points) };
}

/** Bucket widths to choose from, seconds: the narrowest that gives at most MAX_BUCKETS buckets. */
const WIDTHS = [10, 30, 60, 120, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 86_400];
const MAX_BUCKETS = 120;

/**
 * Evaluations per minute in equal buckets that tile the run's time from its first evaluation to its
 * last (not clock minutes: a two-minute run would get three ragged minute bars, the outer ones
 * nearly empty). Short runs get 10 s buckets; every value is quoted per minute.
 */
export function evaluationRate(times: readonly number[]): RunCharts["rate"] {
  const valid = times.filter(Number.isFinite);
  if (valid.length === 0) return { minute: [], perMinute: [], bucketSeconds: 0 };
  // reduce, not Math.min(...): a spread of 100k arguments overflows the stack.
  const first = valid.reduce((a, b) => Math.min(a, b)) / 1000;
  const span = valid.reduce((a, b) => Math.max(a, b)) / 1000 - first;
  const nominal = WIDTHS.find((w) => span / w <= MAX_BUCKETS) ?? WIDTHS.at(-1)!;
  const n = Math.max(1, Math.round(span / nominal));
  // Stretch the buckets a little so n of them cover the span exactly: none is a partial one.
  const width = span >= nominal ? span / n : nominal;
  const buckets = new Array<number>(n).fill(0);
  for (const t of valid) buckets[Math.min(n - 1, Math.floor((t / 1000 - first) / width))]++;
  // An empty bucket each side frames the bars; x is each bucket's middle, Unix seconds.
  return {
    minute: [-1, ...buckets.keys(), n].map((i) => first + (i + 0.5) * width),
    perMinute: [0, ...buckets.map((c) => c / (width / 60)), 0],
    bucketSeconds: width,
  };
}
