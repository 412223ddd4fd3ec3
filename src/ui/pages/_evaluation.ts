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

/** What a failure view needs from the run's spec to say more than the stored failure. */
export interface FailureContext {
  /** Each invariant's check expression by rule id (to find the output field it reads first). */
  readonly rules: Readonly<Record<string, string>>;
  /** The spec path for the replay command; undefined when the run's spec is not known. */
  readonly spec?: string;
  /** Where the program's raw source downloads from, and the file name to save it as. */
  readonly sourceUrl: string;
  readonly sourceFile: string;
}

/** Every failure of the evaluation (gating first, then holdout), each in full. */
export function failureBlocks(e: EvaluationRecord, ctx: FailureContext): Html {
  const failures: { stage: string; failure: EvaluationFailure }[] = [];
  for (const s of [...e.stages, ...(e.holdout ? [e.holdout] : [])]) {
    if (s.failure) failures.push({ stage: s.stage, failure: s.failure });
  }
  if (failures.length === 0 && e.failure) {
    failures.push({ stage: "evaluation", failure: e.failure });
  }
  return html`${failures.map(({ stage, failure: f }) => failureBlock(stage, f, ctx))}`;
}

/**
 * A load of the candidate that ran out of time: it happens before any input, and on a loaded
 * machine the clock, not the program, is the usual cause.
 */
export function isLoadTimeout(f: EvaluationFailure): boolean {
  return f.category === "timeout" && /\bload(ing)?\b/i.test(f.message);
}

function failureBlock(stage: string, f: EvaluationFailure, ctx: FailureContext): Html {
  const where = f.line === undefined
    ? ""
    : ` at line ${f.line}${f.column === undefined ? "" : `:${f.column}`}`;
  // A failure while loading happened before any input: whatever was stored, none is shown.
  const input = isLoadTimeout(f) || /\bloading the candidate\b/i.test(f.message)
    ? undefined
    : f.counterexample;
  const witness = /\(witness: ([\s\S]*)\)$/.exec(f.message)?.[1];
  const field = f.rule ? firstOutputField(ctx.rules[f.rule]) : undefined;
  const inputTitle = f.workload
    ? `Input (case ${f.workload.case} of ${f.workload.file})`
    : f.example !== undefined
    ? `Input (properties.examples[${f.example}])`
    : "Counterexample (shrunk input)";
  return html`<div class="failure">
<h3>${stage}: <span class="fail">${f.category}</span>${where}</h3>
${
    isLoadTimeout(f)
      ? html`
        <p class="flag"
          id="load-timeout">Loading the program timed out before any input ran. On a loaded machine this is usually the machine, not the program: run <code>deno task check</code> on it to see its real outcome.</p>
      `
      : ""
  }
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
${witness === undefined ? "" : html`<p>Witness: <mark class="witness">${witness}</mark></p>`}
${
    input === undefined && f.output === undefined ? "" : html`<div class="side-by-side">
${
      input === undefined ? "" : html`
        <div>
          <h4>${inputTitle}</h4>
          <pre class="json">${jsonText(input)}</pre>
        </div>
      `
    }
${
      f.output === undefined ? "" : html`
        <div>
          <h4>Candidate's output on it${field
            ? html`
              <span class="muted">(rule reads <code>output.${field}</code>, marked)</span>
            `
            : ""}</h4>
          <pre class="json" id="failure-output">${outputText(f.output, field)}</pre>
        </div>
      `
    }
</div>`
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
${replay(f, ctx)}
</div>`;
}

/** The replay as a command to copy: save the raw source, then `check` it with the seed and path. */
function replay(f: EvaluationFailure, ctx: FailureContext): Html {
  const quote = (s: string) => /^[\w./:@-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
  const args = [
    "deno task check",
    ctx.spec ? quote(ctx.spec) : "<spec.yaml>",
    "--program",
    quote(ctx.sourceFile),
    ...(f.seed === undefined ? [] : ["--seed", String(f.seed)]),
    ...(f.path ? ["--path", quote(f.path)] : []),
  ].join(" ");
  return html`
    <h4>Replay</h4>
    <p
      class="muted">Save the <a href="${ctx.sourceUrl}" download="${ctx
        .sourceFile}">raw source</a> as <code>${ctx.sourceFile}</code>, then run${ctx.spec
        ? ""
        : " (with the run's spec file)"}:</p>
    <div
      class="replay"><pre class="command">${args}</pre><button type="button" class="secondary" data-copy="${args}">copy</button></div>
  `;
}

/** The first `output.<field>` a rule's check reads: where its violation most likely lies. */
function firstOutputField(check: string | undefined): string | undefined {
  return check ? /\boutput\.([A-Za-z_$][\w$]*)/.exec(check)?.[1] : undefined;
}

/**
 * The candidate's output (stored as clipped JSON text) pretty-printed like the input, with the
 * top-level `field` wrapped in a mark; text that is not JSON (clipped) is shown as stored.
 */
function outputText(stored: string, field: string | undefined): Html {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return html`${cut(stored)}`;
  }
  if (
    !field || value === null || typeof value !== "object" || Array.isArray(value) ||
    !(field in value)
  ) {
    return html`${jsonText(value)}`;
  }
  const entries = Object.entries(value);
  return html`{\n${
    entries.map(([k, v], i) => {
      const text = `  ${JSON.stringify(k)}: ${compactJson(v, "  ")}${
        i < entries.length - 1 ? "," : ""
      }`;
      return k === field ? html`<mark class="witness">${text}</mark>\n` : html`${text}\n`;
    })
  }}`;
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
