// Owns the `steer` subcommand: write a pause, resume, hint or inject command into a run's database;
// the running engine picks it up between iterations and records it as an event.
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { type ControlCommand, openRunStore, runDbPath, sendControl } from "../evolve/mod.ts";
import { parseCommandArgs } from "./_args.ts";

export const help = `Usage: deno task steer <run-dir> pause
       deno task steer <run-dir> resume
       deno task steer <run-dir> hint "<text shown to the proposer from now on>"
       deno task steer <run-dir> inject <program.ts> [--description "<what it tries>"]

Steers a running (or stopped) evolution. Commands are stored in <run-dir>/run.db as events; the
engine applies them between iterations. An injected program goes through the same cascade as any
proposal (proposer "human").

Options:
  --description <text>   with inject: what the program tries
  -h, --help             show this help`;

/** Runs `steer`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("steer", argv, {
    description: { type: "string" },
  });
  const [runDir, verb, arg, ...extra] = positionals;
  if (!runDir || !verb || extra.length > 0) {
    throw new UsageError("steer: give a run directory and a command\n\n" + help);
  }
  try {
    await Deno.stat(runDbPath(runDir));
  } catch {
    throw new UsageError(
      `steer: ${runDbPath(runDir)} not found; pass a run directory (runs/<spec>-<time>)`,
    );
  }
  const command = await commandOf(verb, arg, values.description);
  const store = openRunStore(runDir);
  try {
    const event = sendControl(store, command);
    console.log(
      `steer: ${verb} queued as event ${event.id}; the engine applies it between iterations`,
    );
  } finally {
    store.close();
  }
  return exitCodeOf("ok");
}

async function commandOf(
  verb: string,
  arg: string | undefined,
  description?: string,
): Promise<ControlCommand> {
  switch (verb) {
    case "pause":
    case "resume":
      if (arg !== undefined) throw new UsageError(`steer: ${verb} takes no argument`);
      return { kind: verb };
    case "hint":
      if (!arg?.trim()) {
        throw new UsageError('steer: hint needs its text, e.g. steer runs/x hint "try a heap"');
      }
      return { kind: "hint", text: arg };
    case "inject": {
      if (!arg) throw new UsageError("steer: inject needs a program file");
      let source: string;
      try {
        source = await Deno.readTextFile(arg);
      } catch (e) {
        throw new UsageError(`steer: cannot read ${arg}: ${(e as Error).message}`);
      }
      return { kind: "inject", source, description: description ?? `injected from ${arg}` };
    }
    default:
      throw new UsageError(`steer: unknown command "${verb}" (use pause, resume, hint or inject)`);
  }
}
