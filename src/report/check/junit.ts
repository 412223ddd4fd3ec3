// Owns the JUnit XML rendering of a check report: one testsuite per program, one testcase per
// stage and per invariant, so CI systems show each rule as its own test.
import type { StageResult } from "../../evaluate/types.ts";
import type { CheckReport } from "./model.ts";
import { invariantVerdict, notReachedReason, programName, skippedReason } from "./model.ts";
import { clipJson } from "../../evaluate/_clip.ts";
import { counterexampleLabel, replayLine } from "./summary.ts";

/** Escapes text for XML and drops characters XML 1.0 cannot carry (candidate output is untrusted). */
export function xmlEscape(text: string): string {
  return text
    // deno-lint-ignore no-control-regex
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

interface Case {
  readonly name: string;
  readonly seconds: number;
  readonly failure?: { readonly type: string; readonly message: string; readonly body: string };
  readonly skipped?: string;
}

function failureOf(stage: StageResult): Case["failure"] {
  const f = stage.failure;
  return f && {
    type: f.category,
    message: f.message,
    body: [
      f.message,
      f.workload ? `workload: ${f.workload.file}, case ${f.workload.case}` : "",
      f.counterexample === undefined
        ? ""
        : `${counterexampleLabel(f)}: ${clipJson(f.counterexample)}`,
      f.output === undefined ? "" : `output: ${f.output}`,
      replayLine(f) ?? "",
    ].filter(Boolean).join("\n"),
  };
}

/**
 * The testcases of one program: every stage of the spec's cascade (the ones that did not run as
 * skipped, with why), then one per invariant. A broken rule fails its own testcase and the stage
 * it broke in points there, so one defect counts as one failure.
 */
function programCases(report: CheckReport, program: CheckReport["programs"][number]): Case[] {
  const { evaluation } = program;
  const ruleIds = new Set(report.invariants.map((r) => r.id));
  const cases: Case[] = report.stages.map((name) => {
    const stage = evaluation.stages.find((s) => s.stage === name);
    if (!stage) {
      return {
        name: `stage ${name}`,
        seconds: 0,
        skipped: skippedReason(report, evaluation, name),
      };
    }
    const rule = stage.failure?.rule;
    if (rule !== undefined && ruleIds.has(rule)) {
      return {
        name: `stage ${name}`,
        seconds: stage.ms / 1000,
        skipped: `failed on invariant ${rule}; counted in testcase "invariant ${rule}"`,
      };
    }
    return { name: `stage ${name}`, seconds: stage.ms / 1000, failure: failureOf(stage) };
  });
  const failedStage = evaluation.stages.find((s) => !s.ok);
  for (const rule of report.invariants) {
    const verdict = invariantVerdict(evaluation, rule.id);
    const failure = verdict === "failed" && failedStage ? failureOf(failedStage) : undefined;
    cases.push({
      name: `invariant ${rule.id}`,
      seconds: 0,
      failure,
      skipped: verdict === "not-reached" ? notReachedReason(evaluation) : undefined,
    });
  }
  return cases;
}

function renderCase(classname: string, c: Case): string {
  const open = `    <testcase classname="${xmlEscape(classname)}" name="${
    xmlEscape(c.name)
  }" time="${c.seconds.toFixed(3)}"`;
  if (c.failure) {
    return `${open}>\n      <failure type="${xmlEscape(c.failure.type)}" message="${
      xmlEscape(c.failure.message)
    }">${xmlEscape(c.failure.body)}</failure>\n    </testcase>`;
  }
  if (c.skipped) {
    return `${open}>\n      <skipped message="${xmlEscape(c.skipped)}"/>\n    </testcase>`;
  }
  return `${open}/>`;
}

/** Renders the report as JUnit XML. */
export function renderCheckJunit(report: CheckReport): string {
  let tests = 0;
  let failures = 0;
  const suites = report.programs.map((program) => {
    const cases = programCases(report, program);
    const failed = cases.filter((c) => c.failure).length;
    const skipped = cases.filter((c) => c.skipped).length;
    const seconds = cases.reduce((a, c) => a + c.seconds, 0);
    tests += cases.length;
    failures += failed;
    const classname = `${report.spec.name}.${program.label}`;
    return `  <testsuite name="${
      xmlEscape(`${report.spec.name} ${programName(program)}`)
    }" tests="${cases.length}" failures="${failed}" errors="0" skipped="${skipped}" time="${
      seconds.toFixed(3)
    }">\n${cases.map((c) => renderCase(classname, c)).join("\n")}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="specevolve check ${
    xmlEscape(report.spec.name)
  }" tests="${tests}" failures="${failures}">\n${suites.join("\n")}\n</testsuites>\n`;
}
