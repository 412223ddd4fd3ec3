// Owns the run page: status and headline figures, steering, charts (scores, failures, funnel,
// usage, evaluation rate), the lineage tree, the top programs and the event log.
import type { RunCharts } from "../data/charts.ts";
import type { RunEvents } from "../data/events.ts";
import type { LineageData } from "../data/lineage.ts";
import { gainOverInitial, type RunSummary, type TopProgram } from "../data/runs.ts";
import { ago, count, score, signed, time, usd } from "./_format.ts";
import { funnelChart } from "./_funnel.ts";
import { html } from "../../html/mod.ts";
import { type PageContext, renderPage } from "./_layout.ts";
import { lineagePanel } from "./_lineage_panel.ts";
import { iterationsDone, programLink, runPath, scoreCell, stat, statusBadge } from "./_parts.ts";
import { steerPanel } from "./_steer.ts";

export interface RunPageData {
  readonly summary: RunSummary;
  readonly charts: RunCharts;
  readonly lineage: LineageData;
  readonly events: RunEvents;
  readonly top: readonly TopProgram[];
}

/** Renders the run page; `sent` is the steer command just sent, if any. */
export function renderRunPage(ctx: PageContext, d: RunPageData, sent: string | null): string {
  const s = d.summary;
  const base = runPath(s.name);
  const gain = gainOverInitial(s);
  const offline = s.llmCalls === 0 && s.costUsd === 0;
  const steer = steerPanel(base, ctx.controlToken, s, d.events, sent, offline);
  const body = html`
    <div class="title"><h1>${s.spec}</h1><span id="status" data-refresh>${statusBadge(
      s,
    )}</span></div>
    <p class="muted" id="run-meta"
      data-refresh>${s.name} · started ${time(s.startedAt)} UTC${s.finishedAt
        ? html`
          · ended ${time(s.finishedAt)}
        `
        : ""}${s.stopReason
        ? html`
          · stop reason <b>${s.stopReason}</b>
        `
        : ""} · seed ${s.seed ?? "—"} · last write ${ago(s.lastActivity)}</p>
    <div class="stats" id="stats" data-refresh>
    ${stat("iterations done / target", iterationsDone(s))}
    ${stat(
      "programs",
      count(s.programs),
      `${count(s.ok)} ok · ${count(s.failed)} failed · ${count(s.programs - s.evaluated)} pending`,
    )}
    ${stat(
      "gain over initial",
      gain.none
        ? html`<span class="flag">no improvement</span>`
        : html`<span class="gain">${signed(gain.train)}</span>`,
      gain.none
        ? "the best is still the initial program"
        : `train; holdout ${signed(gain.holdout)}`,
    )}
    ${stat(
      "best train",
      s.best ? programLink(base, s.best.id, score(s.best.train)) : "—",
      s.best?.description,
    )}
    ${stat(
      "its holdout",
      score(s.best?.holdout),
      s.best?.holdout === undefined ? "" : "reported, never selected on",
    )}
    ${stat(
      "cost",
      usd(s.costUsd),
      offline ? "offline run: no LLM" : `${count(s.llmCalls)} LLM calls`,
    )}
    ${stat(
      "tokens",
      count(s.inputTokens + s.outputTokens),
      `${count(s.inputTokens)} in · ${count(s.outputTokens)} out`,
    )}
    </div>
    <div class="cols">
    <section class="panel wide"><h2>Score over iterations</h2>
    <div id="chart-score" class="chart"></div>
    <p class="muted">Dots: every evaluated candidate, coloured by outcome (failed ones sit on the dashed line at the bottom). Black line: best train score so far; large green dots: holdout score of each new best.</p></section>
    ${s.status === "running" ? steer : ""}
    </div>
    <div class="cols">
      <section class="panel">
        <h2>Failures by category</h2>
        <div id="chart-failures" class="chart"></div>
        <p class="muted">Cumulative count per failure category over iterations.</p>
      </section>
      <section class="panel">
        <h2>Cascade funnel</h2>
        <div id="funnel" data-refresh>${funnelChart(d.charts.funnel)}</div>
      </section>
    </div>
    <div class="cols">
      <section class="panel">
        <h2>Tokens and cost</h2>
        <div id="chart-usage" class="chart"></div>
        <div id="usage-table" data-refresh>${usageTable(d.charts)}</div>
      </section>
      <section class="panel">
        <h2>Evaluations per minute</h2>
        <div id="chart-rate" class="chart"></div>
      </section>
    </div>
    ${lineagePanel(base, d.lineage, false)}
    <div class="cols">
      <section class="panel wide" id="top" data-refresh><h2>Best programs</h2>${topTable(
        base,
        d.top,
      )}
    <form method="get" action="${base}/compare" class="inline">Compare <input name="a" size="5" inputmode="numeric" value="${d
      .top[1]?.id ??
      s.initial?.id ??
      ""}" aria-label="first program id"> with <input name="b" size="5" inputmode="numeric" value="${d
      .top[0]?.id ??
      ""}" aria-label="second program id"> <button type="submit">compare</button></form></section>
      <section class="panel" id="events" data-refresh>
        <h2>Events</h2>
        <ul class="events">${d.events.recent.map((e) =>
          html`<li><span class="time" title="${e.time}">${
            time(e.time).slice(11)
          }</span> <span class="kind ${e.kind}">${e.kind}</span>${
            e.programId === undefined ? "" : html`
              ${programLink(base, e.programId)}
            `
          } <span class="detail">${e.detail}</span></li>`
        )}</ul>
      </section>
    </div>
    ${s.status === "running" ? "" : steer}
  `;
  return renderPage(ctx, {
    title: s.spec,
    crumbs: [{ label: s.name }],
    body,
    live: `${base}/live`,
    scripts: ["vendor/uplot.js", "vendor/d3-hierarchy.js", "charts.js", "lineage.js", "steer.js"],
    styles: ["vendor/uplot.css"],
    data: { base, charts: d.charts, lineage: d.lineage },
  });
}

function topTable(base: string, top: readonly TopProgram[]) {
  if (top.length === 0) return html`<p class="empty">No program has passed the cascade yet.</p>`;
  return html`
    <table class="grid">
      <thead>
        <tr>
          <th>program</th>
          <th class="num">iteration</th>
          <th class="num">gen</th>
          <th class="num">island</th>
          <th>proposer</th>
          <th class="num">train</th>
          <th class="num">holdout</th>
          <th>description</th>
        </tr>
      </thead>
      <tbody>${top.map((p, i) =>
        html`<tr><td>${
          programLink(base, p.id)
        }</td><td class="num">${p.iteration}</td><td class="num">${p.generation}</td><td class="num">${p.island}</td><td>${p.proposer}</td>${
          scoreCell(p.train)
        }${scoreCell(p.holdout)}<td class="desc">${p.description}${
          i > 0
            ? html`
              <a class="muted" href="${base}/compare?a=${p.id}&amp;b=${top[0].id}">vs best</a>
            `
            : ""
        }</td></tr>`
      )}</tbody>
    </table>
  `;
}

function usageTable(charts: RunCharts) {
  const models = charts.usage.byModel;
  if (models.length === 0) {
    return html`<p class="muted">No LLM calls: the proposals came from the offline mutator.</p>`;
  }
  return html`
    <table class="grid compact">
      <thead>
        <tr>
          <th>model</th>
          <th class="num">calls</th>
          <th class="num">failed</th>
          <th class="num">tokens in</th>
          <th class="num">out</th>
          <th class="num">cost</th>
        </tr>
      </thead>
      <tbody>${models.map((m) =>
        html`
          <tr>
            <td>${m.model}</td>
            <td class="num">${count(m.calls)}</td>
            <td class="num">${count(m.failed)}</td>
            <td class="num">${count(m.inputTokens)}</td>
            <td class="num">${count(m.outputTokens)}</td>
            <td class="num">${usd(m.costUsd)}</td>
          </tr>
        `
      )}</tbody>
    </table>
  `;
}
