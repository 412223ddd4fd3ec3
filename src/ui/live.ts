// Owns live updates: server-sent event streams that say "changed" when a watched set of files
// (a run's database and its WAL) changes; one poller per watched key, shared by its clients.
import { statSync } from "node:fs";

/** Sent to idle streams so proxies and browsers keep them open and dead ones get noticed. */
const HEARTBEAT_MS = 15_000;

interface Watch {
  readonly key: string;
  readonly files: () => readonly string[];
  readonly clients: Set<ReadableStreamDefaultController<Uint8Array>>;
  fingerprint: string;
  timer?: ReturnType<typeof setInterval>;
}

/** The stat of each file (missing files count), as one comparable string. */
export function filesFingerprint(files: readonly string[]): string {
  return files.map((f) => {
    try {
      const s = statSync(f);
      return `${f}:${s.size}:${s.mtimeMs}`;
    } catch {
      return `${f}:-`;
    }
  }).join("|");
}

/** Streams of change notifications, keyed by what they watch (a run, the runs folder). */
export class LiveHub {
  readonly #pollMs: number;
  readonly #watches = new Map<string, Watch>();
  readonly #heartbeat: ReturnType<typeof setInterval>;
  readonly #encoder = new TextEncoder();

  constructor(pollMs: number) {
    this.#pollMs = pollMs;
    this.#heartbeat = setInterval(() => this.#broadcastAll(": ping\n\n"), HEARTBEAT_MS);
  }

  /**
   * An event-stream response that sends `event: change` whenever the files `files()` names
   * change (polled every `pollMs`). `files` is re-evaluated each poll, so new runs are seen.
   */
  stream(key: string, files: () => readonly string[]): Response {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        c.enqueue(this.#encoder.encode("retry: 2000\n\n"));
        this.#watch(key, files).clients.add(c);
      },
      cancel: () => this.#drop(key, controller),
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-store",
      },
    });
  }

  /** Number of open streams, for tests and diagnostics. */
  get clients(): number {
    let n = 0;
    for (const w of this.#watches.values()) n += w.clients.size;
    return n;
  }

  /** Ends every stream and stops polling. */
  close(): void {
    clearInterval(this.#heartbeat);
    for (const w of this.#watches.values()) {
      clearInterval(w.timer);
      for (const c of w.clients) {
        try {
          c.close();
        } catch { /* already closed by the client */ }
      }
    }
    this.#watches.clear();
  }

  #watch(key: string, files: () => readonly string[]): Watch {
    const known = this.#watches.get(key);
    if (known) return known;
    const watch: Watch = {
      key,
      files,
      clients: new Set(),
      fingerprint: filesFingerprint(files()),
    };
    watch.timer = setInterval(() => {
      const now = filesFingerprint(watch.files());
      if (now === watch.fingerprint) return;
      watch.fingerprint = now;
      this.#send(watch, `event: change\ndata: ${JSON.stringify({ at: Date.now() })}\n\n`);
    }, this.#pollMs);
    this.#watches.set(key, watch);
    return watch;
  }

  #drop(key: string, controller: ReadableStreamDefaultController<Uint8Array>): void {
    const watch = this.#watches.get(key);
    if (!watch) return;
    watch.clients.delete(controller);
    if (watch.clients.size === 0) {
      clearInterval(watch.timer);
      this.#watches.delete(key);
    }
  }

  #send(watch: Watch, text: string): void {
    const bytes = this.#encoder.encode(text);
    for (const c of watch.clients) {
      try {
        c.enqueue(bytes);
      } catch {
        this.#drop(watch.key, c);
      }
    }
  }

  #broadcastAll(text: string): void {
    for (const w of this.#watches.values()) this.#send(w, text);
  }
}
