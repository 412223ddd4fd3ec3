// Owns writing a run's report files: report.json, report.md, report.html and best.ts beside the
// run database. The CLI calls `writeRunReports` at the end of a run, on Ctrl-C, and from
// `deno task report runs/<dir>`.
import { join } from "node:path";
import { openRunStore, runDbPath } from "../../evolve/database/run_dir.ts";
import { EvolveError } from "../../evolve/errors.ts";
import { readBaselines } from "./baselines.ts";
import { buildRunReport } from "./build.ts";
import { renderRunHtml } from "./html.ts";
import { renderRunMarkdown } from "./markdown.ts";
import type { RunReport } from "./model.ts";

/** report.json: the model, verbatim. */
export function renderRunJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** best.ts: the best program's source under a one-line provenance comment; undefined without one. */
export function renderBestProgram(report: RunReport): string | undefined {
  const best = report.best;
  if (!best) return undefined;
  // One line, and no "*/" or newline can come from the run: the comment cannot end early.
  const provenance = `// specevolve: best program #${best.id} of a ${
    report.run.spec.replace(/[\r\n\u2028\u2029]/g, " ")
  } run (iteration ${best.iteration}), train score ${best.trainScore}, holdout score ${
    best.holdoutScore ?? "not evaluated"
  }`;
  return `${provenance}\n${best.source}`;
}

/** Paths written by `writeRunReports`. */
export interface RunReportFiles {
  readonly json: string;
  readonly markdown: string;
  readonly html: string;
  /** Absent when no program passed evaluation. */
  readonly best?: string;
  readonly report: RunReport;
}

/** Builds the report of the run in `runDir` and writes its files there; returns their paths. */
export async function writeRunReports(runDir: string): Promise<RunReportFiles> {
  try {
    await Deno.stat(runDbPath(runDir));
  } catch {
    throw new EvolveError(
      `report: ${runDbPath(runDir)} not found; pass a run directory (runs/<spec>-<time>)`,
      { exitCode: 64 },
    );
  }
  const store = openRunStore(runDir);
  let report: RunReport;
  try {
    report = buildRunReport(store);
  } finally {
    store.close();
  }
  const baselines = await readBaselines(runDir);
  if (baselines) report = { ...report, baselines };
  const files = {
    json: join(runDir, "report.json"),
    markdown: join(runDir, "report.md"),
    html: join(runDir, "report.html"),
    best: report.best ? join(runDir, "best.ts") : undefined,
  };
  await Deno.writeTextFile(files.json, renderRunJson(report));
  await Deno.writeTextFile(files.markdown, renderRunMarkdown(report));
  await Deno.writeTextFile(files.html, renderRunHtml(report));
  if (files.best) await Deno.writeTextFile(files.best, renderBestProgram(report)!);
  return { ...files, report };
}
