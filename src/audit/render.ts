// Owns rendering an audit report for people: the terminal summary and the Markdown document (a CI
// step summary or a problem doc's figures). JSON is the report record itself.
import type { AuditReport, MutantResult } from "./types.ts";

/** The mutation score as a percentage, or "n/a" when no mutant changed behaviour. */
export function formatScore(score: number | null): string {
  return score === null ? "n/a" : `${(score * 100).toFixed(1)}%`;
}

/** A terminal summary: per program one line per mutant, survivors with their difference. */
export function renderAuditTerminal(report: AuditReport): string {
  const t = report.totals;
  const lines = [
    `audit ${report.spec}: mutation score ${formatScore(t.score)} ` +
    `(${t.killed} killed / ${t.killed + t.survived} behaviour-changing; ` +
    `${t.equivalent} equivalent, ${t.invalid} invalid; ${t.likelyHacks} likely reward hacks)` +
    timeoutNote(t.timeouts),
  ];
  for (const program of report.programs) {
    lines.push("", `${program.label} (${program.path})`);
    if (program.skipped) lines.push(`  skipped: ${program.skipped}`);
    for (const m of program.mutants) {
      lines.push(`  ${m.fate.padEnd(10)} ${m.id.padEnd(24)} ${fateDetail(m)}`);
      if (m.fate === "survived") {
        lines.push(`             ${m.description}`);
        if (m.difference?.input !== undefined) {
          lines.push(`             differs on ${clip(JSON.stringify(m.difference.input), 160)}`);
        }
        lines.push(`             at ${m.difference?.where}`);
      }
    }
  }
  lines.push("", `${(report.ms / 1000).toFixed(1)} s, seed ${report.seed}, ${report.runs} runs`);
  return lines.join("\n");
}

/** A Markdown document: totals, a table of mutants, then each survivor with input and diff. */
export function renderAuditMarkdown(report: AuditReport): string {
  const t = report.totals;
  const out = [
    `## Audit of \`${report.spec}\`: mutation score ${formatScore(t.score)}`,
    "",
    `${t.killed} of ${t.killed + t.survived} behaviour-changing mutants killed; ${t.equivalent} ` +
    `equivalent and ${t.invalid} invalid not counted; **${t.likelyHacks} likely reward hacks**. ` +
    `Seed ${report.seed}, ${report.runs} gate runs, ${report.mutantsPerProgram} offline mutants ` +
    `per program plus the hack-shaped ones.${timeoutNote(t.timeouts)}`,
    "",
    "| program | mutant | fate | detail |",
    "| --- | --- | --- | --- |",
  ];
  for (const p of report.programs) {
    if (p.skipped) out.push(`| ${p.label} | — | skipped | ${cell(p.skipped)} |`);
    for (const m of p.mutants) {
      out.push(`| ${p.label} | \`${m.id}\` | ${m.fate} | ${cell(fateDetail(m))} |`);
    }
  }
  for (const p of report.programs) {
    for (const m of p.mutants.filter((x) => x.fate === "survived")) {
      out.push("", `### Survivor \`${m.id}\` of ${p.label}${m.likelyHack ? " — likely hack" : ""}`);
      out.push("", m.description, "", `Moved: ${fateDetail(m)}.`);
      out.push("", `Differs at \`${m.difference?.where}\``);
      if (m.difference?.input !== undefined) {
        out.push("", "Smallest differing input:", "", "```json");
        out.push(clip(JSON.stringify(m.difference.input), 2000), "```");
      }
      if (m.diff) out.push("", "```diff", m.diff.trimEnd(), "```");
    }
  }
  return out.join("\n") + "\n";
}

/** Timeout kills depend on the machine's load: say how many, so a changed score can be read. */
function timeoutNote(timeouts: number): string {
  return timeouts === 0 ? "" : ` ${timeouts} killed by a timeout (load-dependent).`;
}

function fateDetail(m: MutantResult): string {
  if (m.fate === "killed") return `by ${m.killedBy?.reason} at ${m.killedBy?.stage}`;
  if (m.fate !== "survived") return m.description;
  const behaviour = m.behaviourScore && m.behaviourScore.delta !== m.score?.delta
    ? ` (${signed(m.behaviourScore.delta)} with time held)`
    : "";
  const score = m.score
    ? `score ${signed(m.score.delta)}${behaviour}${m.likelyHack ? " LIKELY REWARD HACK" : ""}`
    : "no score";
  const moved = Object.entries(m.metrics ?? {})
    .filter(([, v]) => v.delta !== 0)
    .map(([k, v]) => `${k} ${signed(v.delta)}`);
  return [score, ...moved].join(", ");
}

function signed(x: number): string {
  const s = Math.abs(x) >= 0.01 || x === 0 ? x.toFixed(4) : x.toExponential(2);
  return x > 0 ? `+${s}` : s;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
