// Owns the `evolve` subcommand: builds the parts (spec, sandbox pool, cascade evaluator, proposer,
// run database), hands them to the engine, shows progress, handles Ctrl-C, writes the reports.
import { join, relative, resolve } from "node:path";
import { UsageError } from "../errors/mod.ts";
import { createSpecEvaluator } from "../evaluate/mod.ts";
import { createRunDir, evolve, openRunStore, type Proposer } from "../evolve/mod.ts";
import {
  buildPrompt,
  createLlmProposer,
  formatPrompt,
  LlmClient,
  type LlmFlags,
  loadTemplates,
  promptContext,
  type PromptOptions,
  resolveLlmOptions,
} from "../evolve/llm/mod.ts";
import { OfflineMutator } from "../evolve/mutate/mod.ts";
import { evaluateBaselines, writeBaselines, writeRunReports } from "../report/mod.ts";
import { SandboxPool } from "../sandbox/mod.ts";
import { BoundedTypeChecker, type CompiledSpec, compileSpec, loadSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import { intFlag, numberFlag, parseCommandArgs } from "./_args.ts";
import { ProgressDisplay } from "./_progress.ts";
import { EXIT } from "./mod.ts";

export const help = `Usage: deno task evolve <spec.yaml> [options]
       deno task evolve --resume <run-dir> [options]

Evolves programs for a spec. Without an LLM configured it runs offline, with the AST mutation
engine (no key, no network). Every finished evaluation is committed to <run-dir>/run.db at once;
Ctrl-C stops after the candidates in flight and writes the reports (press it twice to quit now).

Run:
  --resume <run-dir>     continue a stopped or killed run (same RNG stream)
  --force                resume although the spec changed since the run started
  --runs-dir <dir>       where new runs go (default: runs)
  --seed <n>             seed of a new run (default 0)
Stopping (override the spec's evolve block):
  --iterations <n>       --max-seconds <s>      --target <score>
  --plateau <n>          --budget-usd <usd>     --budget-tokens <n>
Evaluation:
  --runs <n>             property-gate cases per candidate (default: spec properties.runs)
  --concurrency <n>      candidates in flight and sandbox processes (default 2)
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
Output:
  --quiet                log only new bests and the end
  -h, --help             show this help

Writes <run-dir>/best.ts, report.md, report.json and report.html at the end and on Ctrl-C.`;

/** The file beside run.db that records how the run was started, so --resume needs no spec path. */
const INVOCATION_FILE = "invocation.json";

interface Invocation {
  /** Spec path relative to the run directory (so a moved checkout still resumes). */
  readonly spec: string;
  readonly seed: number;
}

const FLAGS = {
  resume: { type: "string" },
  force: { type: "boolean" },
  "runs-dir": { type: "string" },
  seed: { type: "string" },
  iterations: { type: "string" },
  "max-seconds": { type: "string" },
  target: { type: "string" },
  plateau: { type: "string" },
  "budget-usd": { type: "string" },
  "budget-tokens": { type: "string" },
  runs: { type: "string" },
  concurrency: { type: "string" },
  offline: { type: "boolean" },
  model: { type: "string", multiple: true },
  "base-url": { type: "string" },
  selection: { type: "string" },
  templates: { type: "string" },
  "rewrite-ratio": { type: "string" },
  hint: { type: "string", multiple: true },
  "no-hint": { type: "string", multiple: true },
  "dry-run": { type: "boolean" },
  quiet: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof FLAGS>>["values"];

/** Runs `evolve`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("evolve", argv, FLAGS);
  const resumeDir = values.resume;
  if (resumeDir ? positionals.length !== 0 : positionals.length !== 1) {
    throw new UsageError(
      "evolve: give one spec file, or --resume <run-dir> without a spec\n\n" + help,
    );
  }
  const invocation = resumeDir ? await readInvocation(resumeDir) : undefined;
  const specPath = invocation ? resolve(resumeDir!, invocation.spec) : positionals[0];
  const seed = invocation?.seed ?? intFlag("evolve", "seed", values.seed, 0);
  const spec = await loadSpec(specPath);
  const compiled = await compileSpec(spec);
  const llmFlags = llmFlagsOf(values);
  const llm = resolveLlmOptions(spec.evolve, Deno.env.toObject(), llmFlags);
  for (const warning of llm.warnings) console.error(`evolve: ${warning}`);
  const promptOptions = promptOptionsOf(values);

  if (values["dry-run"]) {
    await printDryRun(spec, compiled, values.templates, promptOptions);
    return EXIT.ok;
  }

  const concurrency = intFlag("evolve", "concurrency", values.concurrency, 2);
  const sandbox = await SandboxPool.start({
    size: concurrency,
    timeoutMs: spec.sandbox.timeoutMs,
    memoryMb: spec.sandbox.memoryMb,
    handleSignals: false,
  });
  const evaluator = await createSpecEvaluator({
    spec,
    compiled,
    sandbox,
    runs: values.runs === undefined ? undefined : intFlag("evolve", "runs", values.runs, 0),
    ownsSandbox: true,
    typeChecker: await BoundedTypeChecker.start(),
  });
  // After the evaluator, which checks every workload: bad data stops before a run directory exists.
  const runDir = resumeDir ?? createRunDir(values["runs-dir"] ?? "runs", spec.name);
  if (!invocation) {
    const record: Invocation = { spec: relative(runDir, resolve(specPath)), seed };
    await Deno.writeTextFile(join(runDir, INVOCATION_FILE), JSON.stringify(record, null, 2) + "\n");
  }
  const store = openRunStore(runDir);
  let proposer: Proposer;
  if (llm.configured) {
    proposer = await createLlmProposer({
      client: new LlmClient(llm.options),
      spec,
      types: compiled.types,
      templatesDir: values.templates,
      prompt: promptOptions,
      onCall: (log) => void store.addLlmCall(log),
    });
    console.error(
      `evolve ${spec.name}: LLM proposals from ${
        llm.options.models.map((m) => m.label).join(", ")
      }`,
    );
  } else {
    proposer = new OfflineMutator({ typecheck: compiled.typecheck });
    console.error(
      `evolve ${spec.name}: OFFLINE — proposals come from the AST mutation engine (${llm.reason}).\n` +
        "  To use an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL for another endpoint) and name a model\n" +
        "  with --model or the spec's evolve.models; see docs/llm.md.",
    );
  }
  console.error(`run directory: ${runDir}${resumeDir ? " (resumed)" : ""}`);

  const live = Deno.stderr.isTerminal() && !Deno.env.get("CI") && !values.quiet;
  const display = new ProgressDisplay({
    live,
    quiet: values.quiet ?? false,
    write: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
  });
  const abort = new AbortController();
  const stopOnSignal = interruptHandler(abort, async () => await sandbox.close());
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
      iterations: values.iterations === undefined
        ? undefined
        : intFlag("evolve", "iterations", values.iterations, 0),
      maxSeconds: numberFlag("evolve", "max-seconds", values["max-seconds"], undefined),
      targetScore: numberFlag("evolve", "target", values.target, undefined),
      plateau: values.plateau === undefined
        ? undefined
        : intFlag("evolve", "plateau", values.plateau, 0),
      budgetUsd: numberFlag("evolve", "budget-usd", values["budget-usd"], undefined),
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
    return result.stopReason === "aborted" ? EXIT.interrupted : EXIT.ok;
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

/** First Ctrl-C: stop starting candidates. Second: kill the sandbox and quit at once. */
function interruptHandler(abort: AbortController, killNow: () => Promise<void>): () => void {
  const onSignal = () => {
    if (!abort.signal.aborted) {
      console.error("\nstopping after the candidates in flight (Ctrl-C again to quit now) …");
      abort.abort();
      return;
    }
    killNow().finally(() => Deno.exit(EXIT.interrupted));
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  return () => signals.forEach((s) => Deno.removeSignalListener(s, onSignal));
}

async function readInvocation(runDir: string): Promise<Invocation> {
  const path = join(runDir, INVOCATION_FILE);
  try {
    return JSON.parse(await Deno.readTextFile(path)) as Invocation;
  } catch (e) {
    throw new UsageError(
      `evolve: ${runDir} is not a run directory made by \`evolve\` (${path}: ${
        (e as Error).message
      })`,
    );
  }
}

function llmFlagsOf(values: Values): LlmFlags {
  const selection = values.selection;
  if (selection !== undefined && selection !== "weighted" && selection !== "bandit") {
    throw new UsageError(`evolve: --selection must be weighted or bandit, got "${selection}"`);
  }
  return {
    offline: values.offline,
    models: values.model,
    baseUrl: values["base-url"],
    selection,
    budgetUsd: numberFlag("evolve", "budget-usd", values["budget-usd"], undefined),
    budgetTokens: numberFlag("evolve", "budget-tokens", values["budget-tokens"], undefined),
  };
}

function promptOptionsOf(values: Values): PromptOptions {
  const hints: Record<string, boolean> = {};
  for (const id of values.hint ?? []) hints[id] = true;
  for (const id of values["no-hint"] ?? []) hints[id] = false;
  return {
    hints,
    fullRewriteRatio: numberFlag("evolve", "rewrite-ratio", values["rewrite-ratio"], undefined),
  };
}

/** Prints the prompt the first iteration of a new run would send, calling nothing. */
async function printDryRun(
  spec: Spec,
  compiled: CompiledSpec,
  templatesDir: string | undefined,
  options: PromptOptions,
): Promise<void> {
  const prompt = buildPrompt(
    promptContext(spec, compiled.types),
    {
      parent: { id: "initial", source: await Deno.readTextFile(spec.program) },
      inspirations: [],
      iteration: 1,
      seed: 0,
      feedback: [],
    },
    await loadTemplates(templatesDir),
    options,
  );
  console.log(formatPrompt(prompt));
}
