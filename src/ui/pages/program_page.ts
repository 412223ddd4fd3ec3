// Owns the program page: what the program is and where it came from, how it was evaluated, its
// diff against its parent, its highlighted source, and the prompt and raw LLM answer behind it.
import type { LlmCallRecord } from "../../evolve/records/mod.ts";
import type { ProgramDetail } from "../data/program.ts";
import type { RunSummary } from "../data/runs.ts";
import { codeBlock, diffBlock, type DiffMode } from "./_code.ts";
import { count, duration, score, time, usd } from "./_format.ts";
import {
  failureBlocks,
  type FailureContext,
  holdoutScore,
  metricTables,
  stageTable,
} from "./_evaluation.ts";
import type { Scoring } from "../data/scoring.ts";
import { type Html, html } from "../../html/mod.ts";
import { type PageContext, renderPage } from "./_layout.ts";
import { programLink, runPath, stat } from "./_parts.ts";

/** Renders program `p` of run `run`, its diff in `mode`; `scoring` adds the spec's rules. */
export function renderProgramPage(
  ctx: PageContext,
  run: RunSummary,
  scoring: Scoring,
  p: ProgramDetail,
  mode: DiffMode,
): string {
  const base = runPath(run.name);
  const failureContext: FailureContext = {
    rules: "unknown" in scoring ? {} : scoring.rules,
    spec: "unknown" in scoring ? undefined : scoring.spec,
    sourceUrl: `${base}/programs/${p.id}/source`,
    sourceFile: `program-${p.id}.ts`,
  };
  const e = p.evaluation;
  const state = !e
    ? html`<span class="badge pending">not evaluated yet</span>`
    : e.ok
    ? html`<span class="badge ok">passed</span>`
    : html`<span class="badge failed">failed: ${e.failure?.category ?? "unknown"}</span>`;
  const self = `${base}/programs/${p.id}`;
  const body =
    html`<div class="title"><h1>Program #${p.id}</h1><span id="state" data-refresh>${state}</span>
<span class="links">${
      p.parentId === undefined
        ? ""
        : html`<a href="${base}/compare?a=${p.parentId}&amp;b=${p.id}">compare with parent</a>`
    }
${
      run.best && run.best.id !== p.id
        ? html`<a href="${base}/compare?a=${p.id}&amp;b=${run.best.id}">compare with best (#${run.best.id})</a>`
        : ""
    }
<a href="${self}/source" download="program-${p.id}.ts">raw source</a></span></div>
<p class="description">${p.description}</p>
<div class="stats" id="program-stats" data-refresh>
${stat("train", score(e?.train?.score), run.best?.id === p.id ? "best of the run" : "")}
${stat("holdout", score(holdoutScore(e?.holdout)), e?.holdout ? "" : "not scored on holdout")}
${stat("iteration", p.iteration, `generation ${p.generation}`)}
${
      stat(
        "island",
        p.island,
        p.copies.length ? `copied to ${p.copies.map((c) => c.island).join(", ")}` : "",
      )
    }
${
      stat(
        "proposer",
        p.proposer,
        p.usage
          ? `${count(p.usage.inputTokens + p.usage.outputTokens)} tokens · ${usd(p.usage.costUsd)}`
          : "",
      )
    }
${stat("evaluation", e ? duration(e.wallMs) : "—", e ? `finished ${time(e.createdAt)}` : "")}
</div>
<p class="family">Parent: ${
      p.parentId === undefined
        ? html`<span class="muted">none (a root)</span>`
        : programLink(base, p.parentId)
    } ·
Children: ${
      p.children.length === 0
        ? html`<span class="muted">none</span>`
        : p.children.map((c, i) =>
          html`${i ? ", " : ""}${programLink(base, c.id)}<span class="muted">${
            c.ok === undefined ? " (pending)" : c.ok ? ` (${score(c.train)})` : " (failed)"
          }</span>`
        )
    }</p>
<section class="panel" id="evaluation" data-refresh><h2>Evaluation</h2>
${
      e
        ? html`${stageTable(e)}${failureBlocks(e, failureContext)}<h3>Metrics</h3>${
          metricTables(e)
        }`
        : html`<p class="muted">Waiting for the evaluator; this page updates when it finishes.</p>`
    }
</section>
${diffSection(p, mode, self)}
<section class="panel" id="source"><h2>Source</h2>${codeBlock(p.source)}</section>
${llmSection(p.llmCalls)}
${
      p.events.length
        ? html`
          <section class="panel">
            <h2>Events</h2>
            <ul class="events">${p.events.map((ev) =>
              html`<li><span class="time">${
                time(ev.time)
              }</span> <span class="kind ${ev.kind}">${ev.kind}</span> <span class="detail">${
                JSON.stringify(ev.payload)
              }</span></li>`
            )}</ul>
          </section>
        `
        : ""
    }`;
  return renderPage(ctx, {
    title: `#${p.id} · ${run.spec}`,
    crumbs: [{ label: run.name, href: base }, { label: `program #${p.id}` }],
    body,
    live: `${base}/live`,
    styles: ["vendor/highlight.css", "vendor/diff2html.css"],
    scripts: ["copy.js"],
  });
}

function diffSection(p: ProgramDetail, mode: DiffMode, self: string): Html {
  if (p.parentId === undefined || p.parentSource === undefined) {
    return html`
      <section class="panel" id="diff">
        <h2>Diff</h2>
        <p class="muted">A root program has no parent to compare with.</p>
      </section>
    `;
  }
  return html`<section class="panel" id="diff"><div class="panel-head"><h2>Diff against parent #${p.parentId}</h2>
${diffTabs(self, mode)}</div>
${
    diffBlock({ name: `#${p.parentId} (parent)`, source: p.parentSource }, {
      name: `#${p.id}`,
      source: p.source,
    }, mode)
  }
</section>`;
}

/** Links switching between the side-by-side and the unified diff. */
export function diffTabs(url: string, mode: DiffMode): Html {
  const sep = url.includes("?") ? "&amp;" : "?";
  return html`
    <span
      class="tabs"><a href="${url}${sep}diff=split#diff" class="${mode === "split"
        ? "on"
        : ""}">side by side</a><a href="${url}${sep}diff=unified#diff" class="${mode === "unified"
        ? "on"
        : ""}">unified</a></span>
  `;
}

function llmSection(calls: readonly LlmCallRecord[]): Html {
  if (calls.length === 0) {
    return html`
      <section class="panel" id="llm">
        <h2>Prompt and answer</h2>
        <p class="muted">No LLM call produced this program (initial, offline mutation or injected).</p>
      </section>
    `;
  }
  return html`<section class="panel" id="llm"><h2>Prompt and answer</h2>${
    calls.map((c, i) =>
      html`<div class="call"><h3>Call ${i + 1}: ${c.model}</h3>
<p class="muted">${count(c.inputTokens)} tokens in · ${count(c.outputTokens)} out · ${
        usd(c.costUsd)
      } · ${duration(c.ms)} · ${time(c.createdAt)}</p>
${c.error ? html`<pre class="message fail">${c.error}</pre>` : ""}
<details><summary>Prompt (${
        count(c.prompt.length)
      } characters)</summary><pre class="text">${c.prompt}</pre></details>
${
        c.response === undefined ? html`<p class="muted">No answer came back.</p>` : html`
          <details open>
            <summary>Raw answer</summary>
            <pre class="text answer">${c.response}</pre>
          </details>
        `
      }</div>`
    )
  }</section>`;
}
