// Owns the `draft` subcommand: wire the draft (module, entry, description, LLM if configured), ask
// in the terminal about each drafted rule the researcher's function breaks (--yes keeps none), and
// print where the spec went with its audit's mutation score.
import { formatScore } from "../audit/mod.ts";
import { type Answer, type BrokenRule, draftSpec, llmAdvisor } from "../draft/mod.ts";
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { LlmClient, resolveLlmOptions } from "../evolve/llm/mod.ts";
import { SandboxPool } from "../sandbox/mod.ts";
import { intFlag, parseCommandArgs } from "./_args.ts";

export const help = `Usage: deno task draft <module.ts> --entry NAME [options]

Drafts a spec from a researcher's TypeScript module. Without an LLM: input and output JSON Schemas
from the entry's signature, args, a properties block, generic rules (finite numbers, lengths tied
to inputs) and the module as the initial program. With an LLM configured (--model, or
SPECEVOLVE_MODELS with OPENAI_API_KEY / OPENAI_BASE_URL): it proposes rules, derive/assume, metrics
and a score, and repairs load errors in a bounded loop. Then the property gate runs your function
against every rule: for each one it breaks you are shown the counterexample and asked whether the
rule or the code is wrong (answers are read as lines from stdin, so they can be piped; at its end
the rest are dropped). Finally the draft is audited, and with an LLM its surviving mutants go
back once for rules that kill them.

Options:
  --entry <name>        the exported function to draft a spec for (required)
  --describe <file>     a text file describing the problem (becomes the description; the LLM reads it)
  --out <file.yaml>     where to write the spec (default: the module's path with .yaml)
  --yes                 do not ask: drop every rule the function breaks
  --model <name>        LLM model (repeatable); --base-url <url> its endpoint
  --max-repairs <n>     load-error repair rounds with the LLM (default 3)
  --mutants <n>         offline mutants in the audit (default 8)
  -h, --help            show this help

Exit codes: 0 drafted; 2 the draft does not load (after the repairs); 64 usage.`;

/** Runs `draft`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("draft", argv, {
    entry: { type: "string" },
    describe: { type: "string" },
    out: { type: "string" },
    yes: { type: "boolean" },
    model: { type: "string", multiple: true },
    "base-url": { type: "string" },
    "max-repairs": { type: "string" },
    mutants: { type: "string" },
  });
  if (positionals.length !== 1 || !values.entry) {
    throw new UsageError("draft: give one module and --entry NAME\n\n" + help);
  }
  const modulePath = positionals[0];
  const description = values.describe ? await readText(values.describe) : undefined;
  const llm = resolveLlmOptions({ models: [], budgetUsd: 0 }, Deno.env.toObject(), {
    ...(values.model ? { models: values.model } : {}),
    ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
  });
  for (const warning of llm.warnings) console.error(`draft: ${warning}`);
  const client = llm.configured ? new LlmClient(llm.options) : undefined;
  console.error(llm.configured ? "draft: with the LLM" : `draft: keyless (${llm.reason})`);
  const sandbox = await SandboxPool.start({ timeoutMs: 2000, memoryMb: 512 });
  try {
    const result = await draftSpec({
      modulePath,
      entry: values.entry,
      out: values.out ?? modulePath.replace(/\.[cm]?tsx?$/, "") + ".yaml",
      ...(description ? { description } : {}),
      sandbox,
      ...(client ? { advisor: llmAdvisor(client) } : {}),
      ask: values.yes ? dropping : askOnStdin,
      maxRepairs: intFlag("draft", "max-repairs", values["max-repairs"], 3),
      auditMutants: intFlag("draft", "mutants", values.mutants, 8),
      log: (line) => console.error(`draft: ${line}`),
    });
    for (const b of result.broken) {
      console.log(
        `rule ${b.id} broken by the function: ${b.answer === "keep" ? "kept" : "dropped"}`,
      );
    }
    for (const l of result.loose) console.log(`loose type: ${l}`);
    if (result.failure) {
      console.log(
        `warning: the function fails on a generated input (${result.failure.message}); ` +
          `narrow the input schema (integer, minimum, maxItems) or add assume`,
      );
      console.log(`  input: ${JSON.stringify(result.failure.counterexample)}`);
    }
    if (result.auditSkipped) console.log(`audit skipped: ${result.auditSkipped}`);
    if (result.repairs > 0) console.log(`repaired the draft ${result.repairs} time(s)`);
    const after = result.scoreAfter === undefined
      ? ""
      : ` → ${formatScore(result.scoreAfter)} with ${
        result.auditRules.join(", ") || "no new rule"
      }`;
    console.log(
      `wrote ${result.path}: ${result.rules.length} rules (${result.rules.join(", ")}); ` +
        `mutation score ${formatScore(result.score)}${after}`,
    );
  } finally {
    stdinLines.release();
    await client?.close();
    await sandbox.close();
  }
  return exitCodeOf("ok");
}

/** --yes (or no terminal): keep none of the rules the function breaks. */
function dropping(): Promise<Answer> {
  return Promise.resolve("drop");
}

/**
 * Shows the broken rule and its counterexample and asks whether the rule or the code is wrong,
 * reading the answer as a line from stdin (a terminal or a pipe, so answers can be scripted);
 * at the end of stdin every further rule is dropped, as with --yes.
 */
async function askOnStdin(rule: BrokenRule): Promise<Answer> {
  console.log(`\nrule ${rule.id} (${rule.doc}) is broken by your function`);
  console.log(`  input:  ${JSON.stringify(rule.counterexample)}`);
  if (rule.output) console.log(`  output: ${rule.output}`);
  console.log("Is the rule wrong, or the code? [r] the rule: drop it  [c] the code: keep the rule");
  const reply = await stdinLines.next();
  if (reply === undefined) console.log("(no answer: dropped)");
  return /^c/i.test(reply?.trim() ?? "") ? "keep" : "drop";
}

/** Lines of stdin, read on demand (node:readline would buffer past the answers it needs). */
const stdinLines = {
  buffered: "",
  reader: undefined as ReadableStreamDefaultReader<Uint8Array> | undefined,
  decoder: new TextDecoder(),
  async next(): Promise<string | undefined> {
    this.reader ??= Deno.stdin.readable.getReader();
    while (!this.buffered.includes("\n")) {
      const { value, done } = await this.reader.read();
      if (done) {
        const rest = this.buffered;
        this.buffered = "";
        return rest === "" ? undefined : rest;
      }
      this.buffered += this.decoder.decode(value, { stream: true });
    }
    const at = this.buffered.indexOf("\n");
    const line = this.buffered.slice(0, at);
    this.buffered = this.buffered.slice(at + 1);
    return line;
  },
  release(): void {
    this.reader?.releaseLock();
  },
};

async function readText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new UsageError(`draft: cannot read ${path}: ${(e as Error).message}`);
  }
}
