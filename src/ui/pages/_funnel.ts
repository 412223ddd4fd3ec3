// Owns the cascade funnel: how many candidates were proposed, reached each stage and stopped
// there, drawn as server-side SVG bars (no script, no inline style).
import type { Funnel } from "../data/charts.ts";
import { count, duration } from "./_format.ts";
import { type Html, html } from "../../html/mod.ts";

const WIDTH = 560;
const BAR_X = 150;
const ROW = 26;

interface FunnelRow {
  readonly label: string;
  readonly total: number;
  readonly stopped: number;
  readonly note: string;
}

/** The funnel as an SVG figure with a caption per row. */
export function funnelChart(f: Funnel): Html {
  const rows: FunnelRow[] = [
    {
      label: "proposed",
      total: f.proposed,
      stopped: f.duplicates + f.proposalFailures,
      note: `${count(f.duplicates)} duplicates, ${count(f.proposalFailures)} failed proposals` +
        (f.pending ? `, ${count(f.pending)} not evaluated yet` : ""),
    },
    ...f.stages.map((s) => ({
      label: s.stage,
      total: s.entered,
      stopped: s.stopped,
      note: `${count(s.stopped)} stopped here · mean ${duration(s.meanMs)}`,
    })),
    { label: "passed", total: f.passed, stopped: 0, note: "selectable (train score)" },
    { label: "holdout", total: f.holdout, stopped: 0, note: "scored on holdout (reported only)" },
  ];
  // Room right of the longest bar for its count.
  const scale = (WIDTH - BAR_X - 56) / Math.max(1, f.proposed);
  const height = rows.length * ROW + 4;
  return html`
    <figure class="funnel">
      <svg viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="cascade funnel">
    ${rows.map((r, i) => {
      const y = i * ROW + 2;
      const w = Math.max(r.total ? 1 : 0, r.total * scale);
      const stoppedW = r.stopped * scale;
      return html`
        <g class="row">
          <title>${r.label}: ${count(r.total)} · ${r.note}</title>
          <text x="${BAR_X - 8}" y="${y + 16}" text-anchor="end">${r.label}</text>
          <rect class="pass" x="${BAR_X}" y="${y + 3}" width="${(w - stoppedW).toFixed(1)}"
            height="${ROW - 8}"></rect>
          <rect class="stop" x="${(BAR_X + w - stoppedW).toFixed(1)}" y="${y + 3}" width="${stoppedW
            .toFixed(1)}"
            height="${ROW - 8}"></rect>
          <text class="count" x="${BAR_X + w + 4}" y="${y + 16}">${count(r.total)}</text>
        </g>
      `;
    })}
      </svg>
      <figcaption>
        <table class="grid compact">${rows.map((r) =>
          html`
            <tr>
              <th>${r.label}</th>
              <td class="num">${count(r.total)}</td>
              <td>${r.note}</td>
            </tr>
          `
        )}</table>
      </figcaption>
    </figure>
  `;
}
