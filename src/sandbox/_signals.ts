// Owns the process-wide SIGINT/SIGTERM handlers: registered once while any child lives, they kill
// every live sandbox child synchronously and then end the process as the signal would have.
const kills = new Set<() => void>();
const SIGNALS: readonly (readonly [Deno.Signal, number])[] = [["SIGINT", 130], ["SIGTERM", 143]];
const handlers = SIGNALS.map(([signal, exitCode]) => ({
  signal,
  handler: () => {
    for (const kill of kills) kill();
    Deno.exit(exitCode);
  },
}));
let installed = false;

/** Registers `kill` to run on SIGINT/SIGTERM; returns the function that unregisters it. */
export function killOnSignal(kill: () => void): () => void {
  kills.add(kill);
  if (!installed) {
    installed = true;
    for (const { signal, handler } of handlers) {
      try {
        Deno.addSignalListener(signal, handler);
      } catch {
        // Not every platform has every signal (Windows has no SIGTERM listener).
      }
    }
  }
  return () => {
    kills.delete(kill);
    if (kills.size > 0 || !installed) return;
    installed = false;
    for (const { signal, handler } of handlers) {
      try {
        Deno.removeSignalListener(signal, handler);
      } catch {
        // Never added on this platform.
      }
    }
  };
}
