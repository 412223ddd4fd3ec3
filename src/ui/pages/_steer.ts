// Owns the steering panel: pause, resume, hint and inject forms (plain POST forms carrying the
// server's control token, so they work without script), pending commands and hints in effect.
import type { RunEvents } from "../data/events.ts";
import type { RunSummary } from "../data/runs.ts";
import { ago } from "./_format.ts";
import { type Html, html } from "../../html/mod.ts";

const SENT: Readonly<Record<string, string>> = {
  pause: "Pause sent.",
  resume: "Resume sent.",
  hint: "Hint sent.",
  inject: "Program sent for evaluation.",
};

/**
 * The steering panel of run `base`; `sent` is the kind just sent (from the redirect). On a run
 * that has ended it is folded: its commands only wait for a resume, so they are not the news.
 * `offline` says the proposer is the AST mutator, which never reads hints.
 */
export function steerPanel(
  base: string,
  token: string,
  run: RunSummary,
  events: RunEvents,
  sent: string | null,
  offline: boolean,
): Html {
  const ended = run.status !== "running";
  const hidden = html`<input type="hidden" name="token" value="${token}">`;
  const action = `${base}/control`;
  const note = run.status === "running"
    ? "The engine takes commands between iterations."
    : `This run is ${run.status}: commands wait until it is resumed (deno task evolve --resume).`;
  const inner = html`
    ${sent && SENT[sent]
      ? html`<p class="flash">${SENT[sent]} ${note}</p>`
      : html`<p class="muted">${note}</p>`}
    <div class="buttons">
      <form method="post"
        action="${action}">${hidden}<input type="hidden" name="kind" value="pause"><button type="submit" id="pause">Pause</button></form>
      <form method="post"
        action="${action}">${hidden}<input type="hidden" name="kind" value="resume"><button type="submit" id="resume">Resume</button></form>
    </div>
    <form method="post" action="${action}"
      class="stack">${hidden}<input type="hidden" name="kind" value="hint">
    <label>Hint for the proposer <input name="text" required maxlength="4000" placeholder="e.g. try a heap instead of sorting"></label>
    ${offline
      ? html`
        <p class="muted"
          id="hint-note">This run's proposer is the offline AST mutator: it does not read hints (an LLM proposer puts them in its prompt). Inject a program to steer it.</p>
      `
      : ""}
    <button type="submit" id="send-hint">Add hint</button></form>
    <details>
      <summary>Inject a program</summary>
      <form method="post" action="${action}" class="stack"
        id="inject-form">${hidden}<input type="hidden" name="kind" value="inject">
    <label>Description <input name="description" maxlength="500" placeholder="what you changed"></label>
    <label>Source <textarea name="source" rows="14" required spellcheck="false"></textarea></label>
    ${run.best
      ? html`
        <button type="button" class="secondary"
          data-load-source="${base}/programs/${run.best
            .id}/source">Start from the best program (#${run.best.id})</button>
      `
      : ""}
    <button type="submit" id="send-inject">Inject</button></form>
    </details>
    <div id="steer-state" data-refresh>
    ${events.pendingSteer.length
      ? html`
        <h3>Waiting for the engine</h3>
        <ul>${events.pendingSteer.map((e) =>
          html`<li><span class="kind">${e.detail}</span> <span class="muted">${
            ago(e.time)
          }</span></li>`
        )}</ul>
      `
      : ""}
    ${events.hints.length
      ? html`
        <h3>Hints in effect</h3>
        <ul>${events.hints.map((h) => html`<li>${h}</li>`)}</ul>
      `
      : ""}
    </div>
  `;
  return ended
    ? html`
      <details id="steer"
        class="panel ended"><summary><b>Steer</b> <span class="muted">— this run is ${run
          .status}; commands wait for <code>deno task evolve --resume</code></span></summary>${inner}</details>
    `
    : html`<section id="steer" class="panel"><h2>Steer</h2>${inner}</section>`;
}
