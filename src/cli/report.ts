// Owns the `report` subcommand: regenerate a run's reports (JSON, Markdown, HTML, best.ts) from its
// database, e.g. after a crash or for a run that is still going.
import { relative } from "node:path";
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { writeRunReports } from "../report/mod.ts";
import { parseCommandArgs } from "./_args.ts";

export const help = `Usage: deno task report <run-dir>

Regenerates <run-dir>/report.json, report.md, report.html and best.ts from <run-dir>/run.db.

Options:
  -h, --help   show this help`;

/** Runs `report`. */
export async function main(argv: string[]): Promise<number> {
  const { positionals } = parseCommandArgs("report", argv, {});
  if (positionals.length !== 1) {
    throw new UsageError("report: give exactly one run directory\n\n" + help);
  }
  const written = await writeRunReports(positionals[0]);
  for (const path of [written.best, written.markdown, written.json, written.html]) {
    if (path !== undefined) console.log(relative(Deno.cwd(), path) || path);
  }
  return exitCodeOf("ok");
}
