// Owns the compare page: two programs' scores, metrics and stages side by side, and the diff
// from the first to the second.
import type { ProgramDetail } from "../data/program.ts";
import type { RunSummary } from "../data/runs.ts";
import type { Scoring } from "../data/scoring.ts";
import { scoreExplanation } from "./_score_explain.ts";
import { diffBlock, type DiffMode } from "./_code.ts";
import { metricTables, stageTable } from "./_evaluation.ts";
import { score, signed } from "./_format.ts";
import { type Html, html } from "../../html/mod.ts";
import { type PageContext, renderPage } from "./_layout.ts";
import { programLink, runPath } from "./_parts.ts";
import { diffTabs } from "./program_page.ts";

/** Renders the comparison of programs `a` and `b` of run `run`, whose score `scoring` explains. */
export function renderComparePage(
  ctx: PageContext,
  run: RunSummary,
  scoring: Scoring,
  a: ProgramDetail,
  b: ProgramDetail,
  mode: DiffMode,
): string {
  const base = runPath(run.name);
  const self = `${base}/compare?a=${a.id}&b=${b.id}`;
  const delta = (x?: number, y?: number) =>
    x === undefined || y === undefined ? "—" : signed(y - x);
  const trainA = a.evaluation?.train?.score;
  const trainB = b.evaluation?.train?.score;
  const holdA = a.evaluation?.holdout?.result?.score;
  const holdB = b.evaluation?.holdout?.result?.score;
  const body = html`
    <h1>Program ${programLink(base, a.id)} vs ${programLink(base, b.id)}</h1>
    <form method="get" action="${base}/compare"
      class="inline">Compare <input name="a" size="5" value="${a
        .id}" aria-label="first program id"> with <input name="b" size="5" value="${b
        .id}" aria-label="second program id"> <button type="submit">compare</button> <a href="${base}/compare?a=${b
        .id}&amp;b=${a.id}">swap</a></form>
    <div class="scroll">
      <table class="grid compare">
        <thead>
          <tr>
            <th></th>
            <th>#${a.id}</th>
            <th>#${b.id}</th>
            <th>change</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>train score</th>
            <td class="num">${score(trainA)}</td>
            <td class="num">${score(trainB)}</td>
            <td class="num">${delta(trainA, trainB)}</td>
          </tr>
          <tr>
            <th>holdout score</th>
            <td class="num">${score(holdA)}</td>
            <td class="num">${score(holdB)}</td>
            <td class="num">${delta(holdA, holdB)}</td>
          </tr>
          <tr>
            <th>outcome</th>
            <td>${outcome(a)}</td>
            <td>${outcome(b)}</td>
            <td></td>
          </tr>
          <tr>
            <th>iteration · generation · island</th>
            <td>${a.iteration} · ${a.generation} · ${a.island}</td>
            <td>${b.iteration} · ${b.generation} · ${b.island}</td>
            <td></td>
          </tr>
          <tr>
            <th>proposer</th>
            <td>${a.proposer}</td>
            <td>${b.proposer}</td>
            <td></td>
          </tr>
          <tr>
            <th>description</th>
            <td class="desc">${a.description}</td>
            <td class="desc">${b.description}</td>
            <td></td>
          </tr>
        </tbody>
      </table>
    </div>
    ${scoreExplanation(scoring, a, b)}
    <div class="cols">${[a, b].map((p) => side(base, p))}</div>
    <section class="panel"
      id="diff"><div class="panel-head"><h2>Diff #${a.id} → #${b.id}</h2>${diffTabs(
        self,
        mode,
      )}</div>
    ${diffBlock(
      { name: `#${a.id}`, source: a.source },
      { name: `#${b.id}`, source: b.source },
      mode,
    )}</section>
  `;
  return renderPage(ctx, {
    title: `#${a.id} vs #${b.id} · ${run.spec}`,
    crumbs: [{ label: run.name, href: base }, { label: `compare #${a.id} · #${b.id}` }],
    body,
    styles: ["vendor/diff2html.css"],
  });
}

function outcome(p: ProgramDetail): Html {
  const e = p.evaluation;
  if (!e) return html`<span class="muted">pending</span>`;
  return e.ok
    ? html`<span class="ok">passed</span>`
    : html`<span class="fail">${e.failure?.category ?? "failed"}</span>`;
}

function side(base: string, p: ProgramDetail): Html {
  return html`<section class="panel"><h2>${programLink(base, p.id, `#${p.id}`)}</h2>${
    p.evaluation
      ? html`${metricTables(p.evaluation)}<h3>Stages</h3>${stageTable(p.evaluation)}`
      : html`<p class="muted">Not evaluated yet.</p>`
  }</section>`;
}
