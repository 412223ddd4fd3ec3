// Owns how one evaluation reads on a page: stage table, failures with the broken rule and the
// counterexample, and metrics per workload for train and holdout.
import type { EvaluationFailure, ScoredSet, StageResult } from "../../evaluate/types.ts";
import type { EvaluationRecord } from "../../evolve/records/mod.ts";
import { duration, score } from "./_format.ts";
import { type Html, html } from "../../html/mod.ts";

/** Longest counterexample text shown; the rest is cut with a note. */
const MAX_JSON = 20_000;

/** The cascade stages as a table, holdout last when it ran. */
export function stageTable(e: EvaluationRecord): Html {
  const stages = [...e.stages, ...(e.holdout ? [e.holdout] : [])];
  return html`
    <table class="grid">
      <thead>
        <tr>
          <th>stage</th>
          <th>result</th>
          <th class="num">time</th>
          <th class="num">cases</th>
          <th class="num">score</th>
          <th>failure</th>
        </tr>
      </thead>
      <tbody>${stages.map((s) =>
        html`
          <tr class="${s.ok ? "" : "bad"}">
            <td>${s.stage}</td>
            <td>${s.ok
              ? html`<span class="ok">passed</span>`
              : html`<span class="fail">failed</span>`}</td>
            <td class="num">${duration(s.ms)}</td>
            <td class="num">${s.cases ?? ""}</td>
            <td class="num">${s.result ? score(s.result.score) : ""}</td>
            <td>${s.failure ? failureLine(s.failure) : ""}</td>
          </tr>
        `
      )}</tbody>
    </table>
  `;
}

/** Every failure of the evaluation (gating first, then holdout), each in full. */
export function failureBlocks(e: EvaluationRecord): Html {
  const failures: { stage: string; failure: EvaluationFailure }[] = [];
  for (const s of [...e.stages, ...(e.holdout ? [e.holdout] : [])]) {
    if (s.failure) failures.push({ stage: s.stage, failure: s.failure });
  }
  if (failures.length === 0 && e.failure) {
    failures.push({ stage: "evaluation", failure: e.failure });
  }
  return html`${failures.map(({ stage, failure: f }) => failureBlock(stage, f))}`;
}

function failureBlock(stage: string, f: EvaluationFailure): Html {
  const where = f.line === undefined
    ? ""
    : ` at line ${f.line}${f.column === undefined ? "" : `:${f.column}`}`;
  return html`<div class="failure">
<h3>${stage}: <span class="fail">${f.category}</span>${where}</h3>
${
    f.rule
      ? html`<p class="rule">Broke rule <code>${f.rule}</code>${
        f.doc
          ? html`
            — ${f.doc}
          `
          : ""
      }</p>`
      : ""
  }
<pre class="message">${f.message}</pre>
${
    f.counterexample === undefined ? "" : html`
      <h4>Counterexample (shrunk input)</h4>
      <pre class="json">${jsonText(f.counterexample)}</pre>
    `
  }
${
    f.output === undefined ? "" : html`
      <h4>Candidate's output on it</h4>
      <pre class="json">${cut(f.output)}</pre>
    `
  }
${
    f.stack
      ? html`
        <details>
          <summary>stack</summary>
          <pre>${f.stack}</pre>
        </details>
      `
      : ""
  }
${
    f.seed === undefined
      ? ""
      : html`<p class="muted">Replay: fast-check seed ${f.seed}${
        f.path ? `, path ${f.path}` : ""
      }</p>`
  }
</div>`;
}

/** Aggregate metrics of train and holdout side by side, then one row per workload and set. */
export function metricTables(e: EvaluationRecord): Html {
  const sets: { name: string; set: ScoredSet }[] = [];
  if (e.train) sets.push({ name: "train", set: e.train });
  if (e.holdout?.result) sets.push({ name: "holdout", set: e.holdout.result });
  if (sets.length === 0) {
    return html`<p class="muted">No metrics: the program did not reach scoring.</p>`;
  }
  const metrics = [
    ...new Set(sets.flatMap(({ set }) => [
      ...Object.keys(set.metrics),
      ...Object.values(set.perWorkload).flatMap((m) => Object.keys(m)),
    ])),
  ];
  return html`
    <table class="grid compact">
      <thead>
        <tr><th>set</th><th class="num">score</th>${metrics.map((m) =>
          html`<th class="num">${m}</th>`
        )}</tr>
      </thead>
      <tbody>${sets.map(({ name, set }) =>
        html`<tr><th>${name}</th><td class="num">${score(set.score)}</td>${
          metrics.map((m) => html`<td class="num">${score(set.metrics[m])}</td>`)
        }</tr>`
      )}</tbody>
    </table>
    <h3>Per workload</h3>
    <table class="grid compact">
      <thead>
        <tr><th>workload</th><th>set</th>${metrics.map((m) => html`<th class="num">${m}</th>`)}</tr>
      </thead>
      <tbody>${sets.flatMap(({ name, set }) =>
        Object.entries(set.perWorkload).map(([file, values]) =>
          html`<tr><td>${file}</td><td>${name}</td>${
            metrics.map((m) => html`<td class="num">${score(values[m])}</td>`)
          }</tr>`
        )
      )}</tbody>
    </table>
  `;
}

/** Train, then holdout score of a stage list, for headers. */
export function holdoutScore(holdout: StageResult | undefined): number | undefined {
  return holdout?.result?.score;
}

/** "category: first line of the message", without repeating a category the message starts with. */
function failureLine(f: EvaluationFailure): string {
  const line = firstLine(f.message);
  return line.startsWith(`${f.category}:`) ? line : `${f.category}: ${line}`;
}

function firstLine(text: string): string {
  const line = text.split("\n", 1)[0];
  return line.length > 200 ? line.slice(0, 199) + "…" : line;
}

function jsonText(value: unknown): string {
  try {
    return cut(compactJson(value, ""));
  } catch {
    return cut(String(value));
  }
}

/**
 * JSON indented by structure, but an array of numbers or strings stays on one line: a counterexample
 * is mostly such arrays, and one number per line would bury its shape.
 */
function compactJson(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object")) return JSON.stringify(value);
    const inner = indent + "  ";
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const inner = indent + "  ";
    const entries = Object.entries(value).map(([k, v]) =>
      `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`
    );
    return entries.length ? `{\n${entries.join(",\n")}\n${indent}}` : "{}";
  }
  return JSON.stringify(value) ?? String(value);
}

function cut(text: string): string {
  return text.length > MAX_JSON
    ? `${text.slice(0, MAX_JSON)}\n… (${text.length - MAX_JSON} more characters)`
    : text;
}
