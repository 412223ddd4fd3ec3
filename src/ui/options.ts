// Owns the UI server's options: what `deno task ui` (or a test) hands `startUiServer`, and
// `resolveUiServerOptions`, which fills defaults and refuses an exposed server without a token.
import { type RunAccess, SQLITE_RUNS } from "../evolve/database/run_dir.ts";
import { UsageError } from "../errors/mod.ts";

export interface UiServerOptions {
  /** A folder of runs (each `<name>/run.db`) or one run's folder. @default "runs" */
  readonly root?: string;
  /** Interface to bind; anything but loopback needs an access token. @default "127.0.0.1" */
  readonly host?: string;
  /** TCP port; 0 picks a free one. @default 8642 */
  readonly port?: number;
  /**
   * Access token every request must carry (`?token=`, then a cookie; or `Authorization: Bearer`).
   * @default a random one per start, on loopback too (other local users and processes must not steer)
   */
  readonly token?: string;
  /** How often live pages look for new rows in a run database, ms. @default 1000 */
  readonly pollMs?: number;
  /** Stops the server when aborted. @default none */
  readonly signal?: AbortSignal;
  /** Called once the server listens, with its base URL (token included when one is needed). */
  readonly onListen?: (url: string) => void;
  /** How run folders open (read-only for pages, read-write for control). @default SQLite */
  readonly runs?: RunAccess;
}

export interface ResolvedUiServerOptions {
  readonly root: string;
  readonly host: string;
  readonly port: number;
  /** Access token every request needs. */
  readonly token: string;
  /** Per-server token that every control POST must echo (embedded in pages; not the access token). */
  readonly controlToken: string;
  readonly pollMs: number;
  readonly signal?: AbortSignal;
  readonly onListen?: (url: string) => void;
  readonly runs: RunAccess;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True for names that only reach this machine (127.0.0.0/8, localhost, ::1). */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** 32 random bytes as hex: unguessable, safe in URLs, cookies and form fields. */
export function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Fills defaults and checks ranges; throws UsageError naming the bad option. */
export function resolveUiServerOptions(options: UiServerOptions = {}): ResolvedUiServerOptions {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 8642;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`ui: --port must be an integer in 0..65535, got ${port}`);
  }
  const pollMs = options.pollMs ?? 1000;
  if (!(Number.isFinite(pollMs) && pollMs >= 50)) {
    throw new UsageError(`ui: pollMs must be at least 50 ms, got ${pollMs}`);
  }
  if (options.token !== undefined && !/^[\x21-\x7e]{16,}$/.test(options.token)) {
    throw new UsageError(
      "ui: --token must be at least 16 printable characters without spaces; " +
        "leave it out to get a random one",
    );
  }
  // On loopback too: any local user or process could otherwise read the pages and steer.
  const token = options.token ?? randomToken();
  return {
    root: options.root ?? "runs",
    host,
    port,
    token,
    controlToken: randomToken(),
    pollMs,
    runs: options.runs ?? SQLITE_RUNS,
    signal: options.signal,
    onListen: options.onListen,
  };
}
