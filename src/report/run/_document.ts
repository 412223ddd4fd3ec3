// Owns the report's document outline: the sections, tables and code blocks every readable format
// shows, built once from the model. Markdown and HTML render these blocks; neither decides content.
import { limitsText } from "./_limits.ts";
import type { RunReport } from "./model.ts";

/** A piece of the document; text fields are untrusted and escaped by each renderer. */
export type Block =
  | { readonly kind: "heading"; readonly level: 1 | 2; readonly text: string }
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "facts"; readonly items: readonly (readonly [string, string])[] }
  | {
    readonly kind: "table";
    readonly columns: readonly string[];
    readonly rows: readonly (readonly string[])[];
  }
  | { readonly kind: "code"; readonly language: "ts" | "diff"; readonly text: string }
  | { readonly kind: "details"; readonly summary: string; readonly blocks: readonly Block[] }
  /** Best train/holdout over iterations and every candidate (HTML: SVG; Markdown: a table). */
  | { readonly kind: "chart" };

/** Lineage steps shown in full (the most recent ones); report.json keeps them all. */
const LINEAGE_SHOWN = 20;
/** Lines of one diff shown; report.json keeps the whole diff. */
const DIFF_LINES = 400;
/** Characters of a failure message shown in a table cell. */
const MESSAGE_CHARS = 200;
const TOP_HOLDOUT = 10;

/** A number for people: up to 4 decimals; "—" when absent. */
export function num(x: number | undefined, digits = 4): string {
  if (x === undefined || Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return String(x);
  return Number.isInteger(x) ? String(x) : x.toFixed(digits).replace(/\.?0+$/, "");
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function clipLines(text: string, max: number): string {
  const lines = text.split("\n");
  return lines.length > max
    ? [...lines.slice(0, max), `... ${lines.length - max} more lines in report.json`].join("\n")
    : text;
}

/** The document every readable format renders. */
export function runDocument(r: RunReport): Block[] {
  return [
    { kind: "heading", level: 1, text: `specevolve run: ${r.run.spec}` },
    { kind: "facts", items: summaryFacts(r) },
    { kind: "heading", level: 2, text: "Score over iterations" },
    { kind: "chart" },
    ...bestSection(r),
    ...failureSection(r),
    { kind: "heading", level: 2, text: "Train vs holdout" },
    {
      kind: "paragraph",
      text: "Holdout is never used for selection; a large positive gap means the search fit the " +
        "train workloads rather than the problem.",
    },
    {
      kind: "table",
      columns: ["program", "iteration", "train", "holdout", "gap"],
      rows: r.holdout.programs.slice(0, TOP_HOLDOUT).map((p) => [
        `#${p.id}`,
        String(p.iteration),
        num(p.train),
        num(p.holdout),
        num(p.gap),
      ]),
    },
    { kind: "heading", level: 2, text: "Cascade" },
    {
      kind: "paragraph",
      text: `Early stages saved about ${num(r.cascade.savedMs / 1000, 1)} s of ${
        num((r.cascade.spentMs + r.cascade.savedMs) / 1000, 1)
      } s a cascade-less run would have spent (${num(r.cascade.savedShare * 100, 1)} %).`,
    },
    {
      kind: "table",
      columns: ["stage", "ran", "rejected", "mean ms", "total ms", "saved ms"],
      rows: r.cascade.stages.map((s) => [
        s.stage,
        String(s.ran),
        String(s.rejected),
        num(s.meanMs, 1),
        num(s.totalMs, 0),
        num(s.savedMs, 0),
      ]),
    },
    { kind: "heading", level: 2, text: "Proposers" },
    {
      kind: "table",
      columns: [
        "proposer",
        "proposals",
        "ok",
        "failed",
        "duplicates",
        "proposal failures",
        "new bests",
        "best train",
        "cost USD",
      ],
      rows: r.proposers.map((p) => [
        p.proposer,
        String(p.proposals),
        String(p.ok),
        String(p.failed),
        String(p.duplicates),
        String(p.proposalFailures),
        String(p.improvements),
        num(p.bestTrainScore),
        num(p.costUsd),
      ]),
    },
    ...operatorSection(r),
    ...usageSection(r),
  ];
}

/** The operator ablation, for runs with offline proposals. */
function operatorSection(r: RunReport): Block[] {
  if (r.operators.length === 0) return [];
  return [
    { kind: "heading", level: 2, text: "Offline operators" },
    {
      kind: "paragraph",
      text: "Children each mutation operator took part in, and how many beat their parent's " +
        "train score (the operator bandit's reward), with a 95% Wilson interval.",
    },
    {
      kind: "table",
      columns: ["operator", "children", "beat parent", "rate", "95% interval"],
      rows: r.operators.map((o) => [
        o.operator,
        String(o.children),
        String(o.improved),
        num(o.rate, 3),
        `${num(o.low, 3)} – ${num(o.high, 3)}`,
      ]),
    },
  ];
}

function summaryFacts(r: RunReport): [string, string][] {
  const gain = r.best?.trainScore !== undefined && r.initial?.trainScore !== undefined
    ? r.best.trainScore - r.initial.trainScore
    : undefined;
  return [
    ["status", r.run.stopReason ? `${r.run.status} (${r.run.stopReason})` : r.run.status],
    ["started", r.run.startedAt],
    ["finished", r.run.finishedAt ?? "—"],
    ["sessions", String(r.run.sessions)],
    ["seed", String(r.run.seed)],
    ["limits", limitsText(r.run.limits)],
    ["iterations", String(r.totals.iterations)],
    [
      "evaluated",
      `${r.totals.evaluated} (${r.totals.ok} ok, ${r.totals.failed} failed, ${r.totals.pending} pending)`,
    ],
    ["duplicates rejected", String(r.totals.duplicates)],
    ["failed proposals", String(r.totals.proposalFailures)],
    ["reseeded islands", String(r.totals.reseeds)],
    ["best train score", r.best ? `${num(r.best.trainScore)} (program #${r.best.id})` : "—"],
    ["best holdout score", num(r.best?.holdoutScore)],
    ["train - holdout gap", num(r.holdout.best?.gap)],
    ["initial train score", num(r.initial?.trainScore)],
    ["gain over initial", num(gain)],
    [
      "cost",
      `$${num(r.usage.costUsd)} (${r.usage.inputTokens} in / ${r.usage.outputTokens} out tokens)`,
    ],
  ];
}

/** The evolved best beside the initial program and the spec's baselines, on the same workloads. */
function baselineTable(r: RunReport): Block[] {
  if (!r.baselines?.length) return [];
  const row = (
    name: string,
    train?: number,
    holdout?: number,
    note = "",
  ) => [name, num(train), num(holdout), note];
  return [{
    kind: "table",
    columns: ["program", "train score", "holdout score", ""],
    rows: [
      row(`best #${r.best!.id}`, r.best!.trainScore, r.best!.holdoutScore),
      ...(r.initial ? [row("initial", r.initial.trainScore, r.initial.holdoutScore)] : []),
      ...r.baselines.map((b) =>
        row(
          `baseline ${b.name}`,
          b.trainScore,
          b.holdoutScore,
          b.ok ? "" : clip(b.failure ?? "failed", MESSAGE_CHARS),
        )
      ),
    ],
  }];
}

function bestSection(r: RunReport): Block[] {
  const best = r.best;
  if (!best) {
    return [{ kind: "heading", level: 2, text: "Best program" }, {
      kind: "paragraph",
      text: "No program passed evaluation.",
    }];
  }
  const metrics = [
    ...new Set([...Object.keys(best.trainMetrics), ...Object.keys(best.holdoutMetrics ?? {})]),
  ];
  const steps = best.lineage.slice(-LINEAGE_SHOWN);
  return [
    { kind: "heading", level: 2, text: "Best program" },
    ...baselineTable(r),
    {
      kind: "paragraph",
      text:
        `Program #${best.id}, iteration ${best.iteration}, generation ${best.generation}, by ${best.proposer}: ${best.description}`,
    },
    {
      kind: "table",
      columns: ["metric", "train", "holdout"],
      rows: [
        ["score", num(best.trainScore), num(best.holdoutScore)],
        ...metrics.map((m) => [m, num(best.trainMetrics[m]), num(best.holdoutMetrics?.[m])]),
      ],
    },
    { kind: "code", language: "ts", text: best.source },
    { kind: "heading", level: 2, text: "Lineage" },
    {
      kind: "table",
      columns: ["program", "iteration", "proposer", "train", "holdout", "change"],
      rows: best.lineage.map((s) => [
        `#${s.id}`,
        String(s.iteration),
        s.proposer,
        num(s.trainScore),
        num(s.holdoutScore),
        clip(s.description, MESSAGE_CHARS),
      ]),
    },
    ...steps.filter((s) => s.diff !== "").map((s): Block => ({
      kind: "details",
      summary: `#${s.id} (iteration ${s.iteration}, ${s.proposer}): ${clip(s.description, 120)}`,
      blocks: [{ kind: "code", language: "diff", text: clipLines(s.diff, DIFF_LINES) }],
    })),
  ];
}

function failureSection(r: RunReport): Block[] {
  return [
    { kind: "heading", level: 2, text: "Failures" },
    {
      kind: "paragraph",
      text: `${r.failures.total} of ${r.totals.evaluated} evaluated candidates failed. By stage: ${
        Object.entries(r.failures.byStage).map(([s, n]) => `${s} ${n}`).join(", ") || "none"
      }.`,
    },
    {
      kind: "table",
      columns: ["category", "count", "example"],
      rows: r.failures.byCategory.map((f) => [
        f.category,
        String(f.count),
        `#${f.example.programId}: ${clip(f.example.message, MESSAGE_CHARS)}`,
      ]),
    },
  ];
}

function usageSection(r: RunReport): Block[] {
  return [
    { kind: "heading", level: 2, text: "Tokens and cost" },
    {
      kind: "facts",
      items: [
        ["proposal cost", `$${num(r.usage.costUsd)}`],
        ["tokens", `${r.usage.inputTokens} in, ${r.usage.outputTokens} out`],
        ["LLM calls", String(r.usage.llmCalls)],
      ],
    },
    {
      kind: "table",
      columns: ["model", "calls", "input tokens", "output tokens", "cost USD"],
      rows: r.usage.byModel.map((m) => [
        m.model,
        String(m.calls),
        String(m.inputTokens),
        String(m.outputTokens),
        num(m.costUsd),
      ]),
    },
  ];
}
