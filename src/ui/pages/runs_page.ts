// Owns the runs list: one row per run under the served folder, newest first, updated live.
import { gainOverInitial, type RunSummary } from "../data/runs.ts";
import { ago, count, score, signed, time, usd } from "./_format.ts";
import { html } from "../../html/mod.ts";
import { type PageContext, renderPage } from "./_layout.ts";
import { iterationsDone, programLink, runPath, scoreCell, statusBadge } from "./_parts.ts";

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
    const gain = gainOverInitial(s);
    return html`<tr class="${gain.none ? "no-gain" : ""}">
<td><a href="${base}">${s.name}</a><div class="muted">${s.spec} · ${time(s.startedAt)}</div></td>
<td>${statusBadge(s)}</td>
<td class="num gain">${
      gain.none
        ? html`<span class="flag" title="the best is still the initial program or no better">no improvement</span>`
        : signed(gain.train)
    }</td>
<td class="num">${s.best ? programLink(base, s.best.id, score(s.best.train)) : "—"}</td>
<td class="num">${iterationsDone(s)}</td>
<td class="num">${count(s.programs)}</td>
${scoreCell(s.best?.holdout)}
<td class="num">${signed(gain.holdout)}</td>
<td class="desc">${
      s.best ? html`<span class="muted">#${s.best.id}</span> ${s.best.description}` : ""
    }</td>
<td class="num">${usd(s.costUsd)}<div class="muted" title="${s.lastActivity ?? ""}">${
      ago(s.lastActivity)
    }</div></td>
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
        <div class="scroll">
          <table class="grid">
            <thead>
              <tr>
                <th>run · spec · started (UTC)</th>
                <th>status</th>
                <th class="num">gain over initial</th>
                <th class="num">best train</th>
                <th class="num">iterations done / target</th>
                <th class="num">programs</th>
                <th class="num">its holdout</th>
                <th class="num">holdout gain</th>
                <th>best program</th>
                <th class="num">cost · last write</th>
              </tr>
            </thead>
            <tbody>${rows}</tbody>
          </table>
        </div>
      `
  }
</section>`;
  return renderPage(ctx, { title: "runs", crumbs: [], body, live: "/live" });
}
