// Owns the `ui` subcommand: parses where the runs are and how to listen, starts the run explorer
// and keeps it up until Ctrl-C.
import { existsSync } from "node:fs";
import { exitCodeOf, UsageError } from "../errors/mod.ts";
import { isLoopbackHost, startUiServer } from "../ui/mod.ts";
import { intFlag, parseCommandArgs } from "./_args.ts";

export const help = `Usage: deno task ui [runs-dir | run-dir] [options]

Serves the run explorer: the runs under runs-dir (default: runs), or one run's folder. Pages update
live while a run goes on; a run can be paused, resumed, given a hint or a program from the page.

Options:
  --port <n>        port to listen on (default 8642; 0 picks a free one)
  --host <addr>     interface to bind (default 127.0.0.1). Any other address exposes the UI to
                    the network
  --token <t>       access token (at least 16 characters) every request needs; default: a
                    random one, printed once in the URL (open it; a cookie keeps it)
  -h, --help        show this help

See docs/ui.md.`;

/** Runs `ui` until Ctrl-C. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("ui", argv, {
    port: { type: "string" },
    host: { type: "string" },
    token: { type: "string" },
  });
  if (positionals.length > 1) throw new UsageError(`ui: give at most one folder\n\n${help}`);
  // Flags are checked before the folder, so a bad flag is reported whatever the folder.
  const port = intFlag("ui", "port", values.port, 8642);
  const root = positionals[0] ?? "runs";
  if (!existsSync(root)) {
    throw new UsageError(
      `ui: ${root} does not exist; give a folder of runs or one run's folder ` +
        "(runs appear under runs/ once `deno task evolve` starts one)",
    );
  }
  const host = values.host ?? "127.0.0.1";
  const abort = new AbortController();
  const stop = () => abort.abort();
  Deno.addSignalListener("SIGINT", stop);
  try {
    const server = await startUiServer({
      root,
      host,
      port,
      token: values.token,
      signal: abort.signal,
      onListen: (url) => {
        console.error(`ui: serving ${root} at ${url}`);
        if (!isLoopbackHost(host)) {
          console.error(
            "ui: bound to a non-loopback address: share the URL above only with people who may steer these runs",
          );
        }
        console.error("ui: press Ctrl-C to stop");
      },
    });
    await server.finished;
  } finally {
    Deno.removeSignalListener("SIGINT", stop);
  }
  return exitCodeOf("ok");
}
