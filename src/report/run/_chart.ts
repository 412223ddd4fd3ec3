// Owns the score chart: an inline SVG of every candidate as a dot (failed ones as red marks at the
// bottom), the best train score over iterations as a step line, and the bests' holdout scores.
import { html } from "../../html/mod.ts";
import { num } from "./_document.ts";
import type { ScoreSeries } from "./model.ts";

const W = 720;
const H = 320;
const M = { left: 56, right: 16, top: 16, bottom: 60 };

/** The chart as an `<svg>` element; every text from the run is escaped. */
export function scoreChartSvg(series: ScoreSeries): string {
  const scores = [
    ...series.candidates.map((c) => c.trainScore),
    ...series.best.map((b) => b.holdoutScore),
  ].filter((s): s is number => s !== undefined && Number.isFinite(s));
  let [lo, hi] = scores.length ? [Math.min(...scores), Math.max(...scores)] : [0, 1];
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  [lo, hi] = [lo - pad, hi + pad];
  const maxIter = Math.max(1, ...series.candidates.map((c) => c.iteration));
  const x = (i: number) => M.left + (i / maxIter) * (W - M.left - M.right);
  const y = (s: number) => H - M.bottom - ((s - lo) / (hi - lo)) * (H - M.top - M.bottom);
  const f = (v: number) => v.toFixed(1);
  const parts: string[] = [];

  for (let k = 0; k <= 4; k++) {
    const s = lo + ((hi - lo) * k) / 4;
    parts.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${f(y(s))}" y2="${f(y(s))}" class="grid"/>`,
      `<text x="${M.left - 6}" y="${f(y(s) + 4)}" text-anchor="end">${html`${num(s, 3)}`}</text>`,
    );
  }
  for (let k = 0; k <= 5; k++) {
    const i = Math.round((maxIter * k) / 5);
    parts.push(`<text x="${f(x(i))}" y="${H - M.bottom + 16}" text-anchor="middle">${i}</text>`);
  }
  parts.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - 28}" text-anchor="middle">iteration</text>`,
  );
  for (const c of series.candidates) {
    const outcome = c.ok ? num(c.trainScore) : `failed, ${c.failure ?? "unknown"}`;
    const label = html`#${c.id} iteration ${c.iteration} (${c.proposer}): ${outcome}`;
    const ok = c.ok && c.trainScore !== undefined && Number.isFinite(c.trainScore);
    const cy = ok ? y(c.trainScore!) : H - M.bottom - 4;
    parts.push(
      `<circle cx="${f(x(c.iteration))}" cy="${f(cy)}" r="${ok ? 3 : 2.5}" class="${
        ok ? "dot" : "fail"
      }"><title>${label}</title></circle>`,
    );
  }
  if (series.best.length > 0) {
    const steps: string[] = [];
    series.best.forEach((b, k) => {
      const until = series.best[k + 1]?.iteration ?? maxIter;
      steps.push(
        `${f(x(b.iteration))},${f(y(b.trainScore))}`,
        `${f(x(until))},${f(y(b.trainScore))}`,
      );
    });
    parts.push(`<polyline points="${steps.join(" ")}" class="best"/>`);
    const holdout = series.best.filter((b) =>
      b.holdoutScore !== undefined && Number.isFinite(b.holdoutScore)
    );
    if (holdout.length > 0) {
      parts.push(
        `<polyline points="${
          holdout.map((b) => `${f(x(b.iteration))},${f(y(b.holdoutScore!))}`).join(" ")
        }" class="holdout"/>`,
        ...holdout.map((b) =>
          `<circle cx="${f(x(b.iteration))}" cy="${
            f(y(b.holdoutScore!))
          }" r="3.5" class="holdout-dot"><title>${html`#${b.id} holdout ${
            num(b.holdoutScore)
          }`}</title></circle>`
        ),
      );
    }
  }
  const legend = [
    ["dot", "candidate (train)"],
    ["fail", "failed candidate"],
    ["best", "best train so far"],
    ["holdout-dot", "holdout of a best"],
  ].map(([cls, text], k) =>
    `<g transform="translate(${M.left + 8 + k * 160},${
      H - 10
    })"><circle r="4" class="${cls}"/><text x="8" y="4">${text}</text></g>`
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="score over iterations">
<style>text{font:11px sans-serif;fill:#444}.grid{stroke:#ddd}.dot{fill:#8a9ba8}.fail{fill:#d33}.best{fill:none;stroke:#1f6feb;stroke-width:2}.holdout{fill:none;stroke:#e8890c;stroke-dasharray:4 3}.holdout-dot{fill:#e8890c}</style>
${parts.join("\n")}
${legend.join("\n")}
</svg>`;
}
