// Owns the process-wide SIGINT/SIGTERM handlers: registered once while any child lives, they kill
// every live sandbox child synchronously, then hand the signal back to the process. The library
// never exits: the re-raised signal ends the process as it would have without these handlers,
// unless the application listens for it and decides itself (the CLI does).
const kills = new Set<() => void>();
const SIGNALS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM"];
const handlers = SIGNALS.map((signal) => ({
  signal,
  handler: () => {
    for (const kill of kills) kill();
    kills.clear();
    uninstall();
    Deno.kill(Deno.pid, signal);
  },
}));
let installed = false;

function uninstall(): void {
  installed = false;
  for (const { signal, handler } of handlers) {
    try {
      Deno.removeSignalListener(signal, handler);
    } catch {
      // Never added on this platform.
    }
  }
}

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
    if (kills.size === 0 && installed) uninstall();
  };
}
