// Owns the wording of the prompt's generated sections (rules, metrics, hints, evaluation
// feedback, failures, inspirations); templates place them, this module writes them.
import type { Evaluation, EvaluationFailure, StageResult } from "../../evaluate/types.ts";
import type { ProgramRef } from "../records/proposal.ts";

/** Limits on how much of a failure is shown. */
export interface SectionLimits {
  readonly maxFailures: number;
  readonly maxExampleChars: number;
}

/** `code` in a fence longer than any backtick run inside it. */
export function fence(code: string, lang = "typescript"): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${lang}\n${code.endsWith("\n") ? code : code + "\n"}${ticks}`;
}

/** A number in at most six significant digits. */
export function num(n: number): string {
  return Number.isInteger(n) || !Number.isFinite(n) ? String(n) : String(Number(n.toPrecision(6)));
}

/** "score 0.71; balancedness 0.8, runtime_ms 3.1", or "not scored yet". */
export function scoreLine(program: Pick<ProgramRef, "score" | "metrics">): string {
  const parts: string[] = [];
  if (program.score !== undefined) parts.push(`score ${num(program.score)}`);
  const metrics = Object.entries(program.metrics ?? {}).map(([k, v]) => `${k} ${num(v)}`);
  if (metrics.length) parts.push(metrics.join(", "));
  return parts.length ? parts.join("; ") : "not scored yet";
}

/** Bullets of `id: doc`, or a note that only the output type is checked. */
export function invariantsText(rules: readonly { id: string; doc: string }[]): string {
  if (rules.length === 0) return "No rules beyond the output type.";
  return rules.map((r) => `- \`${r.id}\`: ${r.doc}`).join("\n");
}

/** One bullet per metric with its direction and where it comes from. */
export function metricsText(
  metrics: readonly { name: string; goal: "max" | "min"; measure?: "time" }[],
): string {
  if (metrics.length === 0) return "No metrics: only correctness is checked.";
  return metrics.map((m) =>
    `- \`${m.name}\`: ${m.goal === "max" ? "higher" : "lower"} is better` +
    (m.measure === "time" ? " (wall time of the call, measured by the evaluator)" : "")
  ).join("\n");
}

/**
 * Bullets of the spec's hints switched on (overrides by id win over `enabled`), then the hints a
 * human gave the running evolution.
 */
export function hintsText(
  hints: readonly { id: string; text: string; enabled: boolean }[],
  overrides: Readonly<Record<string, boolean>>,
  human: readonly string[],
): string {
  return [
    ...hints.filter((h) => overrides[h.id] ?? h.enabled).map((h) => h.text),
    ...human.map((h) => `(from the researcher) ${h}`),
  ].map((h) => `- ${h.trim().replace(/\n/g, "\n  ")}`).join("\n");
}

/** One line per stage of the parent's evaluation; holdout never shows (it must not steer search). */
export function stagesText(evaluation: Evaluation | undefined, limits: SectionLimits): string {
  if (!evaluation) return "";
  return evaluation.stages.filter((s) => s.stage !== "holdout").map((s) => stageLine(s, limits))
    .join("\n");
}

function stageLine(s: StageResult, limits: SectionLimits): string {
  if (!s.ok && s.failure) return `- ${s.stage}: FAILED: ${failureHead(s.failure, limits)}`;
  const parts = [`- ${s.stage}: ${s.ok ? "passed" : "below the threshold"}`];
  if (s.cases !== undefined) parts.push(`${s.cases} cases`);
  if (s.result) {
    parts.push(scoreLine({ score: s.result.score, metrics: s.result.metrics }));
    const per = Object.entries(s.result.perWorkload);
    if (per.length > 1) {
      const shown = per.slice(0, 8).map(([w, m]) => `${w}: ${scoreLine({ metrics: m })}`);
      parts.push(`per workload: ${shown.join("; ")}${per.length > 8 ? "; ..." : ""}`);
    }
  }
  return parts.join(", ");
}

/** Numbered failures with category, rule, position, shrunk counterexample and output. */
export function failuresText(
  failures: readonly EvaluationFailure[],
  limits: SectionLimits,
): string {
  return failures.slice(0, limits.maxFailures).map((f, i) => {
    const lines = [`${i + 1}. ${failureHead(f, limits)}`];
    if (f.counterexample !== undefined) {
      lines.push(
        "   Smallest failing input (shrunk):",
        indent(fence(clip(json(f.counterexample), limits.maxExampleChars), "json")),
      );
    }
    if (f.output !== undefined) {
      lines.push("   Output on it:", indent(fence(clip(f.output, limits.maxExampleChars), "json")));
    }
    return lines.join("\n");
  }).join("\n");
}

function failureHead(f: EvaluationFailure, limits: SectionLimits): string {
  const rule = f.rule ? ` rule \`${f.rule}\`${f.doc ? ` (${f.doc})` : ""}` : "";
  const at = f.line === undefined ? "" : ` at line ${f.line}${f.column ? `:${f.column}` : ""}`;
  return `[${f.category}]${rule}${at}: ${clip(f.message, limits.maxExampleChars)}`;
}

/** Programs with their scores, lettered so the model can refer to them. */
export function inspirationsText(programs: readonly ProgramRef[]): string {
  return programs.map((p, i) =>
    `### Program ${String.fromCharCode(65 + (i % 26))}${i >= 26 ? i : ""} (${scoreLine(p)})\n\n` +
    fence(p.source)
  ).join("\n\n");
}

/** Bullets of free-form feedback strings. */
export function feedbackText(feedback: readonly string[]): string {
  return feedback.map((f) => `- ${f.trim().replace(/\n/g, "\n  ")}`).join("\n");
}

function json(value: unknown): string {
  try {
    return JSON.stringify(value, (_, v) => typeof v === "bigint" ? `${v}n` : v) ?? String(value);
  } catch {
    return String(value);
  }
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)} ... (${text.length - max} more chars)`;
}

function indent(text: string): string {
  return text.split("\n").map((l) => `   ${l}`).join("\n");
}
