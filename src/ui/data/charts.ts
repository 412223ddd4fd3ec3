// Owns the run page's chart data: candidates and best scores over iterations, the cascade funnel,
// token and cost use, evaluation rate; columnar (one array per field) so 1000+ programs stay small.
import { num, type ReadonlyRunDb } from "./_db.ts";

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
  readonly rate: { readonly minute: readonly number[]; readonly perMinute: readonly number[] };
}

export interface ModelUsage {
  readonly model: string;
  readonly calls: number;
  readonly failed: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
}

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

/** Reads the chart data of the run in `db`. */
export function runCharts(db: ReadonlyRunDb): RunCharts {
  const rows = db.all(
    `SELECT p.id, p.iteration, e.ok, e.failure_category, e.train_score, e.holdout_score,
       e.created_at
     FROM programs p JOIN evaluations e ON e.program_id = p.id ORDER BY p.iteration, p.id`,
  );
  const categoryCounts = new Map<string, number>();
  for (const r of rows) {
    if (Number(r.ok) !== 1) {
      const c = String(r.failure_category ?? "unknown");
      categoryCounts.set(c, (categoryCounts.get(c) ?? 0) + 1);
    }
  }
  const outcomes = [
    "ok",
    ...[...categoryCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c),
  ];
  const candidates = {
    id: [] as number[],
    iteration: [] as number[],
    train: [] as (number | null)[],
    outcome: [] as number[],
  };
  const best = { iteration: [] as number[], id: [] as number[], train: [] as number[] };
  const bestHoldout: (number | null)[] = [];
  let top: { score: number; id: number } | undefined;
  for (const r of rows) {
    const ok = Number(r.ok) === 1;
    const id = Number(r.id);
    const train = ok ? num(r.train_score) ?? null : null;
    candidates.id.push(id);
    candidates.iteration.push(Number(r.iteration));
    candidates.train.push(train);
    candidates.outcome.push(ok ? 0 : outcomes.indexOf(String(r.failure_category ?? "unknown")));
    // The engine's ranking: higher train score, then the older program.
    if (train !== null && (!top || train > top.score || (train === top.score && id < top.id))) {
      top = { score: train, id };
      best.iteration.push(Number(r.iteration));
      best.id.push(id);
      best.train.push(train);
      bestHoldout.push(num(r.holdout_score) ?? null);
    }
  }
  return {
    outcomes,
    candidates,
    best: { ...best, holdout: bestHoldout },
    funnel: funnel(db, rows),
    usage: usage(db),
    rate: rate(rows.map((r) => Date.parse(String(r.created_at)))),
  };
}

function funnel(db: ReadonlyRunDb, rows: readonly Record<string, unknown>[]): Funnel {
  const counts = db.get(
    `SELECT (SELECT COUNT(*) FROM programs) AS programs,
       (SELECT COUNT(*) FROM evaluations WHERE holdout_score IS NOT NULL) AS holdout,
       (SELECT COUNT(*) FROM events WHERE kind = 'duplicate-rejected') AS duplicates,
       (SELECT COUNT(*) FROM events WHERE kind = 'proposal-failed') AS proposal_failures`,
  )!;
  // SQLite walks the stage lists, so the metrics per workload inside them never reach JavaScript.
  const stages = db.all(
    `SELECT json_extract(s.value, '$.stage') AS stage, COUNT(*) AS entered,
       SUM(NOT json_extract(s.value, '$.ok')) AS stopped,
       COALESCE(SUM(json_extract(s.value, '$.ms')), 0) AS ms
     FROM evaluations e, json_each(e.stages_json) s GROUP BY 1`,
  ).map((r) => ({
    stage: String(r.stage),
    entered: Number(r.entered),
    stopped: Number(r.stopped),
    meanMs: Number(r.ms) / Number(r.entered),
  }));
  const passed = rows.filter((r) => Number(r.ok) === 1).length;
  const rank = (s: string) =>
    STAGE_ORDER.indexOf(s) === -1 ? STAGE_ORDER.length : STAGE_ORDER.indexOf(s);
  const programs = Number(counts.programs);
  const duplicates = Number(counts.duplicates);
  const proposalFailures = Number(counts.proposal_failures);
  return {
    proposed: programs + duplicates + proposalFailures,
    duplicates,
    proposalFailures,
    pending: programs - rows.length,
    stages: stages.sort((a, b) => rank(a.stage) - rank(b.stage)),
    passed,
    holdout: Number(counts.holdout),
  };
}

function usage(db: ReadonlyRunDb): RunCharts["usage"] {
  let points = db.all(
    `SELECT COALESCE(iteration, 0) AS iteration, model, error, input_tokens, output_tokens, cost_usd
     FROM llm_calls ORDER BY iteration, id`,
  );
  if (points.length === 0) {
    points = db.all(
      `SELECT iteration, model, NULL AS error, input_tokens, output_tokens, cost_usd FROM programs
       WHERE model IS NOT NULL ORDER BY iteration, id`,
    );
  }
  const out = { iteration: [] as number[], costUsd: [] as number[], tokens: [] as number[] };
  const models = new Map<string, ModelUsage>();
  let cost = 0;
  let tokens = 0;
  for (const p of points) {
    const input = Number(p.input_tokens ?? 0);
    const output = Number(p.output_tokens ?? 0);
    const usd = Number(p.cost_usd ?? 0);
    cost += usd;
    tokens += input + output;
    out.iteration.push(Number(p.iteration));
    out.costUsd.push(cost);
    out.tokens.push(tokens);
    const model = String(p.model);
    const m = models.get(model) ??
      { model, calls: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
    models.set(model, {
      model,
      calls: m.calls + 1,
      failed: m.failed + (p.error === null || p.error === undefined ? 0 : 1),
      inputTokens: m.inputTokens + input,
      outputTokens: m.outputTokens + output,
      costUsd: m.costUsd + usd,
    });
  }
  return { ...out, byModel: [...models.values()].sort((a, b) => b.costUsd - a.costUsd) };
}

/** At most this many buckets; a longer run gets wider buckets (still quoted per minute). */
const MAX_BUCKETS = 240;

function rate(times: readonly number[]): RunCharts["rate"] {
  const valid = times.filter(Number.isFinite);
  if (valid.length === 0) return { minute: [], perMinute: [] };
  // reduce, not Math.min(...): a spread of 100k arguments overflows the stack.
  const first = Math.floor(valid.reduce((a, b) => Math.min(a, b)) / 60_000);
  const last = Math.floor(valid.reduce((a, b) => Math.max(a, b)) / 60_000);
  const width = Math.max(1, Math.ceil((last - first + 1) / MAX_BUCKETS));
  const buckets = new Array<number>(Math.floor((last - first) / width) + 1).fill(0);
  for (const t of valid) buckets[Math.floor((Math.floor(t / 60_000) - first) / width)]++;
  // An empty bucket each side frames the bars (a short run has a single one).
  return {
    minute: [-1, ...buckets.keys(), buckets.length].map((i) => (first + i * width) * 60),
    perMinute: [0, ...buckets.map((n) => n / width), 0],
  };
}
