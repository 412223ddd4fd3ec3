// Owns subcommand dispatch: maps `specevolve <command>` to the module that runs it, prints
// top-level help, and turns errors into exit codes in one place.
import { errorKind, exitCodeOf, isSpecEvolveError } from "../errors/mod.ts";

/** A subcommand module: its help text and its runner (argv without the command name). */
export interface CommandModule {
  readonly help: string;
  main(argv: string[]): Promise<number>;
}

interface CommandEntry {
  readonly summary: string;
  /** Loaded lazily so `check` does not pay for the UI server's imports. */
  readonly load: () => Promise<CommandModule>;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  evolve: { summary: "evolve better programs for a spec", load: () => import("./evolve.ts") },
  check: {
    summary: "type-check, property-check and score a program",
    load: () => import("./check.ts"),
  },
  audit: {
    summary: "measure a spec's strength: mutants it lets through",
    load: () => import("./audit.ts"),
  },
  draft: {
    summary: "draft a spec from a module's entry function",
    load: () => import("./draft.ts"),
  },
  report: {
    summary: "regenerate a run's reports from its database",
    load: () => import("./report.ts"),
  },
  steer: {
    summary: "pause, resume, hint or inject into a running evolution",
    load: () => import("./steer.ts"),
  },
  ui: { summary: "browse runs in the browser", load: () => import("./ui.ts") },
  export: {
    summary: "copy a run's SQLite database into PostgreSQL",
    load: () => import("./export.ts"),
  },
  import: {
    summary: "copy a PostgreSQL run back into the run folder's SQLite file",
    load: () => import("./import.ts"),
  },
  worker: {
    summary: "evaluate jobs from a PostgreSQL queue (remote workers)",
    load: () => import("./worker.ts"),
  },
  workloads: {
    summary: "generate a spec's seeded workload files",
    load: () => import("./workloads.ts"),
  },
  new: {
    summary: "scaffold a new problem (spec, program, workloads)",
    load: () => import("./new.ts"),
  },
};

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) =>
    `  ${name.padEnd(width)}  ${c.summary}`
  );
  return [
    "specevolve — evolve systems algorithms against a formal problem spec",
    "",
    "Usage: deno task <command> [options]   (or: deno run -A main.ts <command> [options])",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `deno task <command> --help` for a command's options.",
    "Exit codes: 0 ok, 1 candidate failed, 2 spec invalid, 3 internal error, 64 usage, 130 interrupted.",
  ].join("\n");
}

/** Runs the CLI on `args` and returns the exit code; never throws. */
export async function runCli(args: readonly string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(topHelp());
    return exitCodeOf(name === undefined ? "usage" : "ok");
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`specevolve: unknown command "${name}"\n\n${topHelp()}`);
    return exitCodeOf("usage");
  }
  try {
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      console.log(command.help);
      return exitCodeOf("ok");
    }
    return await command.main(rest);
  } catch (e) {
    if (isSpecEvolveError(e)) console.error(e.message);
    else console.error(`specevolve ${name}: internal error:`, e);
    return exitCodeOf(errorKind(e));
  }
}
