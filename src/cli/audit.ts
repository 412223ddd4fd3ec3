// Owns the `audit` subcommand: mutate a spec's programs, report the mutation score and survivors in
// the terminal, JSON and Markdown, and gate CI with --min-score (exit 1 below it).
import { renderAuditMarkdown, renderAuditTerminal, runAudit } from "../audit/mod.ts";
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { SandboxPool } from "../sandbox/mod.ts";
import { BoundedTypeChecker, compileSpec, loadSpec } from "../spec/mod.ts";
import { intFlag, numberFlag, parseCommandArgs } from "./_args.ts";
import { specPrograms, writeReport } from "./check.ts";

export const help = `Usage: deno task audit <spec.yaml> [options]

Measures how strong a spec is. Mutates the spec's programs (initial, reference, baselines, or
--program) with the offline AST mutator and with hack-shaped mutations (drop or duplicate output
elements, return the input, constant, NaN and Infinity outputs, truncated loops, wrong answers on
large inputs), runs each mutant through the cascade, and reports the mutation score: killed over
behaviour-changing mutants. Each survivor comes with its smallest differing input (shrunk), its diff
and the metrics it moved; one that raises the score is flagged as a likely reward hack.

Options:
  --program <file.ts>   program to mutate (repeatable; default: the spec's own programs)
  --mutants <n>         offline AST mutants per program, hack-shaped ones on top (default 8)
  --no-hacks            leave out the hack-shaped mutations
  --seed <n>            seed of the mutants and the property gate (default: spec properties.seed)
  --runs <n>            generated cases per gate (default: spec properties.runs)
  --min-score <x>       exit 1 when the mutation score (0..1) is below x
  --json <file>         write the report as JSON
  --markdown <file>     write the report as Markdown (e.g. $GITHUB_STEP_SUMMARY)
  -h, --help            show this help

Exit codes: 0 ok (or score >= --min-score); 1 score below --min-score; 2 spec invalid; 64 usage.`;

/** Runs `audit`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("audit", argv, {
    program: { type: "string", multiple: true },
    mutants: { type: "string" },
    "no-hacks": { type: "boolean" },
    seed: { type: "string" },
    runs: { type: "string" },
    "min-score": { type: "string" },
    json: { type: "string" },
    markdown: { type: "string" },
  });
  if (positionals.length !== 1) {
    throw new UsageError("audit: give exactly one spec file\n\n" + help);
  }
  const minScore = numberFlag("audit", "min-score", values["min-score"], undefined);
  if (minScore !== undefined && (minScore < 0 || minScore > 1)) {
    throw new UsageError(`audit: --min-score must be between 0 and 1, got ${minScore}`);
  }
  const mutants = intFlag("audit", "mutants", values.mutants, 8);
  if (mutants < 0) throw new UsageError(`audit: --mutants must be >= 0, got ${mutants}`);
  const spec = await loadSpec(positionals[0]);
  const compiled = await compileSpec(spec);
  const sandbox = await SandboxPool.start({
    timeoutMs: spec.sandbox.timeoutMs,
    memoryMb: spec.sandbox.memoryMb,
  });
  const typeChecker = await BoundedTypeChecker.start();
  let report;
  try {
    report = await runAudit({
      spec,
      compiled,
      sandbox,
      typeChecker,
      programs: values.program?.length
        ? values.program.map((path) => ({ label: "program", path }))
        : specPrograms(spec),
      mutants,
      seed: intFlag("audit", "seed", values.seed, spec.properties.seed),
      runs: intFlag("audit", "runs", values.runs, spec.properties.runs),
      hacks: !values["no-hacks"],
      onMutant: (program, m) => console.error(`  ${program.label} ${m.id}: ${m.fate}`),
    });
  } finally {
    await typeChecker.close();
    await sandbox.close();
  }
  console.log(renderAuditTerminal(report));
  if (values.json) await writeReport(values.json, JSON.stringify(report, null, 2) + "\n");
  if (values.markdown) await writeReport(values.markdown, renderAuditMarkdown(report));
  const score = report.totals.score ?? 1;
  if (minScore !== undefined && score < minScore) {
    console.error(`audit: mutation score ${score.toFixed(3)} is below --min-score ${minScore}`);
    return exitCodeOf("candidate");
  }
  return exitCodeOf("ok");
}
