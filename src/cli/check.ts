// Owns the `check` subcommand: evaluate programs against a spec through the full cascade and write
// terminal, JSON, JUnit and Markdown reports. Exit 0 all pass, 1 a program failed, 2 the spec is invalid.
import { dirname, relative } from "node:path";
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { openSpecEvaluator } from "../evaluate/mod.ts";
import {
  buildCheckReport,
  type CheckedProgram,
  renderCheckJunit,
  renderCheckMarkdown,
  renderCheckTerminal,
  repeatSpread,
} from "../report/check/mod.ts";
import { loadSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import { intFlag, parseCommandArgs } from "./_args.ts";

export const help = `Usage: deno task check <spec.yaml> [options]

Type-checks, property-checks and scores programs against a spec. Without --program it checks the
spec's initial program, its reference and its baselines.

Options:
  --program <file.ts>   program to check (repeatable)
  --runs <n>            generated cases in the property gate (default: spec properties.runs)
  --seed <n>            fast-check seed (default: spec properties.seed)
  --path <p>            with --seed: replay a reported failure's fast-check path
  --no-holdout          skip the holdout workloads
  --repeat <n>          evaluate each program n times and print each metric's spread (default 1)
  --json <file>         write the JSON report (shape: docs/check.md)
  --junit <file>        write a JUnit XML report (one testcase per stage and per invariant)
  --markdown <file>     write a Markdown summary (e.g. $GITHUB_STEP_SUMMARY)
  -h, --help            show this help

Exit codes: 0 every program passed; 1 a program failed a stage; 2 the spec is invalid; 64 usage.`;

/** Runs `check`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("check", argv, {
    program: { type: "string", multiple: true },
    runs: { type: "string" },
    seed: { type: "string" },
    path: { type: "string" },
    "no-holdout": { type: "boolean" },
    repeat: { type: "string" },
    json: { type: "string" },
    junit: { type: "string" },
    markdown: { type: "string" },
  });
  if (positionals.length !== 1) {
    throw new UsageError("check: give exactly one spec file\n\n" + help);
  }
  const spec = await loadSpec(positionals[0]);
  const runs = intFlag("check", "runs", values.runs, spec.properties.runs);
  const seed = intFlag("check", "seed", values.seed, spec.properties.seed);
  const repeat = intFlag("check", "repeat", values.repeat, 1);
  if (repeat < 1) throw new UsageError(`check: --repeat must be at least 1, got ${repeat}`);
  const programs = values.program?.length
    ? values.program.map((path) => ({ label: "program", path }))
    : specPrograms(spec);

  const { evaluator } = await openSpecEvaluator({ spec, runs, seed, path: values.path });
  const checked: CheckedProgram[] = [];
  try {
    for (const program of programs) {
      const source = await readProgram(program.path);
      console.error(`checking ${program.label} ${program.path} …`);
      const evaluations = [];
      for (let i = 0; i < repeat && (i === 0 || evaluations[0].ok); i++) {
        evaluations.push(await evaluator.evaluate(source, { holdout: !values["no-holdout"] }));
      }
      checked.push({
        ...program,
        evaluation: evaluations[0],
        // A failing program is not re-run: its spread says nothing.
        ...(evaluations.length > 1 ? { repeat: repeatSpread(evaluations) } : {}),
      });
    }
  } finally {
    await evaluator.close();
  }

  const report = buildCheckReport(spec, { runs, seed, holdout: !values["no-holdout"] }, checked);
  console.log(renderCheckTerminal(report));
  if (values.json) await writeReport(values.json, JSON.stringify(report, null, 2) + "\n");
  if (values.junit) await writeReport(values.junit, renderCheckJunit(report));
  if (values.markdown) await writeReport(values.markdown, renderCheckMarkdown(report));
  return report.ok ? exitCodeOf("ok") : exitCodeOf("candidate");
}

/** The spec's own programs: initial, reference, baselines — labelled, paths shown relative to cwd. */
export function specPrograms(spec: Spec): { label: string; path: string }[] {
  const rel = (p: string) => relative(Deno.cwd(), p) || p;
  const list = [{ label: "initial", path: rel(spec.program) }];
  if (spec.reference) list.push({ label: "reference", path: rel(spec.reference) });
  for (const [name, path] of Object.entries(spec.baselines)) {
    list.push({ label: `baseline ${name}`, path: rel(path) });
  }
  return list;
}

async function readProgram(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new UsageError(`check: cannot read program ${path}: ${(e as Error).message}`);
  }
}

export async function writeReport(path: string, text: string): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeTextFile(path, text);
  console.error(`wrote ${path}`);
}
