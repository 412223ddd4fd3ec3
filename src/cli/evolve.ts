// Owns the `evolve` subcommand: builds the parts (spec, sandbox pool, cascade evaluator, proposer,
// run database), hands them to the engine, shows progress, handles Ctrl-C, writes the reports.
import { relative, resolve } from "node:path";
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { openSpecEvaluator } from "../evaluate/mod.ts";
import { createRunDir, evolve, withRunReader } from "../evolve/mod.ts";
import { resolveBudgetUsd, resolveLlmOptions } from "../evolve/llm/mod.ts";
import { evaluateBaselines, writeBaselines, writeRunReports } from "../report/mod.ts";
import { compileSpec, loadSpec, releaseSharedProject } from "../spec/mod.ts";
import { intFlag, parseCommandArgs } from "./_args.ts";
import {
  FLAGS,
  llmFlagsOf,
  mutatorOptionsOf,
  promptOptionsOf,
  runSettingsOf,
  stopFlagsOf,
  withStoredSettings,
} from "./_evolve_flags.ts";
import { interruptHandler } from "./_interrupt.ts";
import { readInvocation, writeInvocation } from "./_invocation.ts";
import { ProgressDisplay } from "./_progress.ts";
import { evaluatesRemotely, openEvolveStore, openRemoteEvaluator } from "./_run_store.ts";
import { chooseProposer, printDryRun } from "./_proposer.ts";

export const help = `Usage: deno task evolve <spec.yaml> [options]
       deno task evolve --resume <run-dir> [options]

Evolves programs for a spec. Without an LLM configured it runs offline, with the AST mutation
engine (no key, no network). Every finished evaluation is committed to <run-dir>/run.db at once;
Ctrl-C stops after the candidates in flight and writes the reports (press it twice to quit now).

Run:
  --resume <run-dir>     continue a stopped or killed run (same RNG stream, and the limits and
                         settings it started with; a flag given with --resume overrides its
                         own setting only, recorded as an \`override\` event)
  --force                resume although the spec changed since the run started
  --runs-dir <dir>       where new runs go (default: runs)
  --seed <n>             seed of a new run (default 0)
Stopping (override the spec's evolve block):
  --iterations <n>       --max-seconds <s>      --target <score>
  --plateau <n>          --budget-usd <usd>     --budget-tokens <n>
Evaluation:
  --runs <n>             property-gate cases per candidate (default: spec properties.runs)
  --concurrency <n>      candidates in flight and sandbox processes (default 2)
Distributed (see docs/distributed.md):
  --store <url|sqlite>   keep a new run in PostgreSQL (postgres://user@host/db; the password
                         only from SPECEVOLVE_DATABASE_URL, PGPASSWORD or ~/.pgpass)
  --workers remote       queue candidates for \`deno task worker\` processes instead of
                         evaluating here (needs a PostgreSQL store)
  --lease-seconds <s>    a silent worker's job is retried after this (default 900)
  --retries <n>          retries before a job every worker died on fails as crash (default 2)
LLM (see docs/llm.md; keys only from environment variables):
  --offline              use the offline mutator even when an LLM is configured
  --model <name>         model to call (repeatable; replaces the spec's evolve.models)
  --base-url <url>       OpenAI-compatible endpoint (else OPENAI_BASE_URL, else the spec)
  --selection <mode>     weighted | bandit (UCB on score gain per dollar)
  --templates <dir>      prompt templates overriding templates/*.md
  --rewrite-ratio <x>    share of iterations asking for a full rewrite (default 0.1)
  --hint <id>            switch a spec hint on (repeatable)
  --no-hint <id>         switch a spec hint off, e.g. for an ablation (repeatable)
  --dry-run              print the exact prompt of the next iteration and exit
Offline mutator (see docs/offline-mutation.md):
  --no-operator-bandit   draw operators by their fixed weights, not by what they paid so far
  --no-guard             let mutations edit loop headers, sentinel checks and indices
Output:
  --quiet                log only new bests and the end
  -h, --help             show this help

Writes <run-dir>/best.ts, report.md, report.json and report.html at the end and on Ctrl-C.`;

/** Runs `evolve`. */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs("evolve", argv, FLAGS);
  const { positionals } = parsed;
  const resumeDir = parsed.values.resume;
  if (resumeDir ? positionals.length !== 0 : positionals.length !== 1) {
    throw new UsageError(
      "evolve: give one spec file, or --resume <run-dir> without a spec\n\n" + help,
    );
  }
  const invocation = resumeDir ? await readInvocation(resumeDir) : undefined;
  // A resumed run keeps the settings it started with; a flag given now overrides its own only.
  const values = resumeDir
    ? withStoredSettings(parsed.values, storedSettings(resumeDir))
    : parsed.values;
  const specPath = invocation ? resolve(resumeDir!, invocation.spec) : positionals[0];
  const seed = invocation?.seed ?? intFlag("evolve", "seed", values.seed, 0);
  const spec = await loadSpec(specPath);
  const compiled = await compileSpec(spec);
  // The spec's expressions are checked; candidates are checked in the bounded child from here on.
  releaseSharedProject();
  const llmFlags = llmFlagsOf(values);
  const llm = resolveLlmOptions(spec.evolve, Deno.env.toObject(), llmFlags);
  for (const warning of llm.warnings) console.error(`evolve: ${warning}`);
  const promptOptions = promptOptionsOf(values);

  if (values["dry-run"]) {
    await printDryRun(spec, compiled, values.templates, promptOptions);
    return exitCodeOf("ok");
  }

  const concurrency = intFlag("evolve", "concurrency", values.concurrency, 2);
  const runs = intFlag("evolve", "runs", values.runs, spec.properties.runs);
  const remote = evaluatesRemotely(values);
  // Remote workers check the workloads with their own evaluators; locally it happens here.
  const local = remote ? undefined : (await openSpecEvaluator({
    spec,
    compiled,
    // The engine's own Ctrl-C handling stops the run; the pool must not end the process.
    sandbox: { size: concurrency, handleSignals: false },
    runs,
  })).evaluator;
  // After the evaluator, which checks every workload: bad data stops before a run directory exists.
  const runDir = resumeDir ?? createRunDir(values["runs-dir"] ?? "runs", spec.name);
  if (!invocation) await writeInvocation(runDir, specPath, seed);
  const store = openEvolveStore(runDir, !invocation, values);
  const evaluator = local ?? await openRemoteEvaluator(runDir, spec, runs, values);
  const proposer = await chooseProposer({
    spec,
    compiled,
    llm,
    store,
    ...(local ? { typecheck: (source: string) => local.typecheck(source) } : {}),
    templatesDir: values.templates,
    prompt: promptOptions,
    mutator: mutatorOptionsOf(values),
  });
  console.error(`run directory: ${runDir}${resumeDir ? " (resumed)" : ""}`);

  const live = Deno.stderr.isTerminal() && !Deno.env.get("CI") && !values.quiet;
  const display = new ProgressDisplay({
    live,
    quiet: values.quiet ?? false,
    write: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
  });
  const abort = new AbortController();
  const stopOnSignal = interruptHandler(abort, async () => await evaluator.close());
  try {
    const result = await evolve({
      store,
      evaluator,
      proposer,
      spec,
      initialSource: await Deno.readTextFile(spec.program),
      seed,
      concurrency,
      resume: resumeDir !== undefined,
      force: values.force,
      signal: abort.signal,
      onProgress: (p) => display.update(p),
      ...stopFlagsOf(values),
      budgetUsd: resolveBudgetUsd(spec.evolve, Deno.env.toObject(), llmFlags),
      settings: runSettingsOf(values),
    });
    display.finish(result.progress);
    console.error(`stopped: ${result.stopReason}`);
    // The spec's baselines, scored on the same workloads, go in the reports beside the best.
    if (result.stopReason !== "aborted") {
      await writeBaselines(runDir, await evaluateBaselines(spec, evaluator));
    }
    if (result.best) {
      const holdout = result.best.holdoutScore === undefined
        ? ""
        : `, holdout ${result.best.holdoutScore.toFixed(4)}`;
      console.error(
        `best: program ${result.best.id}, train ${result.best.trainScore.toFixed(4)}${holdout}`,
      );
    }
    return result.stopReason === "aborted" ? exitCodeOf("interrupted") : exitCodeOf("ok");
  } finally {
    stopOnSignal();
    await evaluator.close();
    await proposer.close?.();
    store.close();
    const written = await writeRunReports(runDir);
    const paths = [written.best, written.markdown, written.json, written.html].filter((p) =>
      p !== undefined
    );
    console.error(`reports: ${paths.map((p) => relative(Deno.cwd(), p)).join(", ")}`);
  }
}

/** The run-setting flags the run in `runDir` stored at its start (none for older runs). */
function storedSettings(runDir: string): unknown {
  return withRunReader(runDir, (reader) => {
    const config = reader.getRun()?.config as { settings?: unknown } | undefined;
    return config?.settings;
  });
}
