// Owns the runs list: one row per run under the served folder, newest first, updated live.
import type { RunSummary } from "../data/runs.ts";
import { ago, count, score, time, usd } from "./_format.ts";
import { html } from "../../html/mod.ts";
import { type PageContext, renderPage } from "./_layout.ts";
import { programLink, runPath, scoreCell, statusBadge } from "./_parts.ts";

/** A run that could be read, or one whose database could not (shown with the reason). */
export type RunListItem =
  | { readonly name: string; readonly summary: RunSummary }
  | { readonly name: string; readonly error: string };

/** Renders the runs list page for the runs under `root`. */
export function renderRunsPage(
  ctx: PageContext,
  root: string,
  runs: readonly RunListItem[],
): string {
  const rows = runs.map((item) => {
    const base = runPath(item.name);
    if ("error" in item) {
      return html`
        <tr>
          <td><a href="${base}">${item.name}</a></td>
          <td colspan="9" class="error">${item.error}</td>
        </tr>
      `;
    }
    const s = item.summary;
    return html`<tr>
<td><a href="${base}">${s.name}</a></td>
<td>${s.spec}</td>
<td title="${s.startedAt}">${time(s.startedAt)}</td>
<td>${statusBadge(s)}</td>
<td class="num">${count(s.iterations)}</td>
<td class="num">${count(s.programs)}</td>
<td class="num">${s.best ? programLink(base, s.best.id, score(s.best.train)) : "—"}</td>
${scoreCell(s.best?.holdout)}
<td class="num">${usd(s.costUsd)}</td>
<td title="${s.lastActivity ?? ""}">${ago(s.lastActivity)}</td>
</tr>`;
  });
  const body = html`<h1>Runs</h1>
<p class="muted">Every <code>run.db</code> under <code>${root}</code>.</p>
<section id="runs" data-refresh>
${
    runs.length === 0
      ? html`
        <p
          class="empty">No runs yet. Start one with <code>deno task evolve specs/examples/topk.yaml</code>; it appears here while it runs.</p>
      `
      : html`
        <table class="grid">
          <thead>
            <tr>
              <th>run</th>
              <th>spec</th>
              <th>started (UTC)</th>
              <th>status</th>
              <th class="num">iterations</th>
              <th class="num">programs</th>
              <th class="num">best train</th>
              <th class="num">its holdout</th>
              <th class="num">cost</th>
              <th>last write</th>
            </tr>
          </thead>
          <tbody>${rows}</tbody>
        </table>
      `
  }
</section>`;
  return renderPage(ctx, { title: "runs", crumbs: [], body, live: "/live" });
}
