// Owns "why is this program better": the score formula, and for train and holdout each metric's
// value in both programs, the change, the goal's direction and whether the change is inside the
// measurement noise (the two programs' stored spreads added, as the best rule of evolve uses).
import type { ScoredSet } from "../../evaluate/types.ts";
import type { ProgramDetail } from "../data/program.ts";
import type { Scoring, ScoringMetric } from "../data/scoring.ts";
import { score, signed } from "./_format.ts";
import { type Html, html } from "../../html/mod.ts";

interface Row {
  readonly label: Html | string;
  readonly goal?: "max" | "min";
  readonly a?: number;
  readonly b?: number;
  /** Spread of each side, when measured over trials. */
  readonly spreadA?: number;
  readonly spreadB?: number;
  readonly timed: boolean;
}

/** The score formula and a per-metric table of `a` against `b` for train and holdout. */
export function scoreExplanation(scoring: Scoring, a: ProgramDetail, b: ProgramDetail): Html {
  const sets = [
    { name: "train", a: a.evaluation?.train, b: b.evaluation?.train },
    { name: "holdout", a: a.evaluation?.holdout?.result, b: b.evaluation?.holdout?.result },
  ].filter((s) => s.a || s.b);
  const formula = "unknown" in scoring
    ? html`<p class="muted">${scoring.unknown}.</p>`
    : scoring.formula
    ? html`
      <pre class="formula">score = ${scoring.formula}</pre>
      <p
        class="muted">From <code>${scoring
          .spec}</code>; higher scores are better. ↑ a metric is better higher, ↓ better lower.</p>
    `
    : html`<p class="muted">The spec (<code>${scoring.spec}</code>) has no <code>score</code> expression.</p>`;
  const metrics = "unknown" in scoring ? undefined : scoring.metrics;
  return html`
    <section class="panel" id="why"><h2>How the score is formed</h2>${formula}
    ${sets.map((s) => setTable(s.name, s.a, s.b, a.id, b.id, metrics))}
    <p class="muted">“Within noise”: the change is no larger than the two programs' spreads added (median absolute deviation over repeated timed trials). Untimed metrics are exact.</p>
    </section>
  `;
}

function setTable(
  name: string,
  a: ScoredSet | undefined,
  b: ScoredSet | undefined,
  idA: number,
  idB: number,
  metrics: readonly ScoringMetric[] | undefined,
): Html {
  const names = metrics?.map((m) => m.name) ??
    [...new Set([...Object.keys(a?.metrics ?? {}), ...Object.keys(b?.metrics ?? {})])];
  const byName = new Map(metrics?.map((m) => [m.name, m]));
  const rows: Row[] = [
    {
      label: html`<b>score</b>`,
      goal: "max",
      a: a?.score,
      b: b?.score,
      spreadA: a?.scoreSpread,
      spreadB: b?.scoreSpread,
      // The score is only as noisy as the timed metrics that moved.
      timed: names.some((n) =>
        (byName.get(n)?.timed || a?.spread?.[n] !== undefined) && a?.metrics[n] !== b?.metrics[n]
      ),
    },
    ...names.map((n): Row => ({
      label: n,
      goal: byName.get(n)?.goal,
      a: a?.metrics[n],
      b: b?.metrics[n],
      spreadA: a?.spread?.[n],
      spreadB: b?.spread?.[n],
      timed: byName.get(n)?.timed ?? (a?.spread?.[n] !== undefined),
    })),
  ];
  return html`
    <h3>${name}</h3>
    <div class="scroll">
      <table class="grid compact explain">
        <thead>
          <tr>
            <th>metric</th>
            <th>better</th>
            <th class="num">#${idA}</th>
            <th class="num">#${idB}</th>
            <th class="num">change</th>
            <th>#${idB} against #${idA}</th>
          </tr>
        </thead>
        <tbody>${rows.map((r) => {
          const v = verdict(r);
          return html`
            <tr>
              <th>${r.label}</th>
              <td class="goal">${r.goal === "max"
                ? "↑ higher"
                : r.goal === "min"
                ? "↓ lower"
                : "?"}</td>
              <td class="num">${score(r.a)}</td>
              <td class="num">${score(r.b)}</td>
              <td class="num">${r.a === undefined || r.b === undefined
                ? "—"
                : signed(r.b - r.a)}</td>
              <td class="${v.cls}">${v.text}</td>
            </tr>
          `;
        })}</tbody>
      </table>
    </div>
  `;
}

/** Whether `b` is better, worse, the same or within noise of `a` on one row. */
export function verdict(r: Omit<Row, "label">): { text: string; cls: string } {
  if (r.a === undefined || r.b === undefined) return { text: "", cls: "" };
  const change = r.b - r.a;
  if (r.spreadA !== undefined && r.spreadB !== undefined) {
    const band = r.spreadA + r.spreadB;
    if (Math.abs(change) <= band) return { text: `within noise (±${score(band)})`, cls: "noise" };
  } else if (r.timed && change !== 0) {
    return { text: "no spread stored (one trial): noise unknown", cls: "noise" };
  }
  if (change === 0) return { text: "same", cls: "" };
  if (r.goal === undefined) return { text: "", cls: "" };
  const better = r.goal === "max" ? change > 0 : change < 0;
  return better ? { text: "better", cls: "better" } : { text: "worse", cls: "worse" };
}
