// Owns Ctrl-C during `evolve`: the first stops starting candidates (the run ends cleanly, reports
// written), the second kills the sandbox and ends the process with the interrupted exit code.
import { exitCodeOf } from "../errors/mod.ts";

/** First Ctrl-C: stop starting candidates. Second: kill the sandbox and quit at once. */
export function interruptHandler(abort: AbortController, killNow: () => Promise<void>): () => void {
  const onSignal = () => {
    if (!abort.signal.aborted) {
      console.error("\nstopping after the candidates in flight (Ctrl-C again to quit now) …");
      abort.abort();
      return;
    }
    killNow().finally(() => Deno.exit(exitCodeOf("interrupted")));
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  return () => signals.forEach((s) => Deno.removeSignalListener(s, onSignal));
}
