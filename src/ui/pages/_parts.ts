// Owns small pieces several pages share: status badges, stat cards, score cells, program links.
import type { RunSummary } from "../data/runs.ts";
import { ago, count, score } from "./_format.ts";
import { type Html, html } from "../../html/mod.ts";

/** A run with no write for this long while "running" is probably dead (killed, crashed). */
const IDLE_MS = 5 * 60_000;

/** The run's state as a coloured badge: running, paused, idle, finished, stopped, failed. */
export function statusBadge(run: RunSummary, now: number = Date.now()): Html {
  let state = run.status;
  if (run.status === "running" && run.paused) state = "paused";
  const idle = run.status === "running" && run.lastActivity !== undefined &&
    now - Date.parse(run.lastActivity) > IDLE_MS;
  const title = idle
    ? `no writes since ${ago(run.lastActivity, now)}: the engine may have been killed; ` +
      "`deno task evolve --resume <run-dir>` continues it"
    : run.stopReason
    ? `stop reason: ${run.stopReason}`
    : state;
  return html`<span class="badge ${state}${idle ? " idle" : ""}" title="${title}">${state}${
    idle ? " (idle)" : ""
  }</span>`;
}

/** A labelled figure for the stat strip. */
export function stat(label: string, value: unknown, note?: unknown): Html {
  return html`
    <div
      class="stat"><div class="label">${label}</div><div class="value">${value}</div>${note ===
            undefined || note === ""
        ? ""
        : html`<div class="note">${note}</div>`}</div>
  `;
}

/** A link to program `id` of run `base` (e.g. "/runs/x"). */
export function programLink(base: string, id: number, label: Html | string = `#${id}`): Html {
  return html`<a href="${base}/programs/${id}">${label}</a>`;
}

/** A score table cell, right-aligned, "—" when absent. */
export function scoreCell(x: number | null | undefined): Html {
  return html`<td class="num">${score(x)}</td>`;
}

/** The URL path of run `name`; names are folder names and get encoded like any path segment. */
export function runPath(name: string): string {
  return `/runs/${encodeURIComponent(name)}`;
}

/** "12 / 40" iterations done against the run's target, or the count alone when none is stored. */
export function iterationsDone(run: RunSummary): string {
  return run.targetIterations === undefined
    ? count(run.iterations)
    : `${count(run.iterations)} / ${count(run.targetIterations)}`;
}
