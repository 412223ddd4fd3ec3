// specevolve's single entry point: hands the command line to the CLI dispatcher and exits with its code.
import { runCli } from "./src/cli/mod.ts";

if (import.meta.main) {
  Deno.exit(await runCli(Deno.args));
}
