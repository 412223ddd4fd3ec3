// Owns the UI server: `Deno.serve` on loopback by default, every request checked (Host, access
// token) and answered with security headers, then routed; stops on its signal or `close()`.
import { compressed } from "./_compress.ts";
import { checkAccess, hostAllowed, SECURITY_HEADERS } from "./_security.ts";
import { PageVersions } from "./_delta.ts";
import { errorResponse, jsonResponse, redirect } from "./_respond.ts";
import { loadAssets } from "./assets.ts";
import { LiveHub } from "./live.ts";
import { isLoopbackHost, resolveUiServerOptions, type UiServerOptions } from "./options.ts";
import { route, type RouteContext } from "./routes.ts";

/** A running UI server. */
export interface UiServer {
  /** Base URL, e.g. "http://127.0.0.1:8642" (without the access token). */
  readonly url: string;
  readonly port: number;
  /** Access token every request needs (`?token=` once, then the cookie). */
  readonly token: string;
  /** Token control forms carry; tests use it to post like a page of this server would. */
  readonly controlToken: string;
  /** Number of live (server-sent event) streams open. */
  readonly liveClients: () => number;
  /** Stops accepting requests, ends live streams and waits for the server to finish. */
  close(): Promise<void>;
  /** Resolves when the server has stopped (closed or aborted). */
  readonly finished: Promise<void>;
}

/** Starts the UI server over the runs in `options.root`; resolves once it listens. */
export async function startUiServer(options: UiServerOptions = {}): Promise<UiServer> {
  const o = resolveUiServerOptions(options);
  const assets = await loadAssets();
  const hub = new LiveHub(o.pollMs);
  const versions = new PageVersions();
  const ctx: RouteContext = {
    root: o.root,
    runs: o.runs,
    assets,
    hub,
    controlToken: o.controlToken,
  };
  const loopback = isLoopbackHost(o.host);
  const abort = new AbortController();
  o.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  abort.signal.addEventListener("abort", () => hub.close(), { once: true });

  let port = o.port;
  const listening = Promise.withResolvers<void>();
  const server = Deno.serve({
    hostname: o.host,
    port: o.port,
    signal: abort.signal,
    onListen: (addr) => {
      port = addr.port;
      listening.resolve();
    },
    onError: (e) => {
      console.error("ui: internal error:", e);
      return new Response("ui: internal error; see the server log", { status: 500 });
    },
  }, async (req) => {
    const res = await handle(req);
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.headers.set(k, v);
    return compressed(req, res);
  });

  async function handle(req: Request): Promise<Response> {
    if (!hostAllowed(req, loopback)) {
      return errorResponse(
        req,
        403,
        `ui: Host "${req.headers.get("host")}" refused; open the UI at its loopback address`,
      );
    }
    const access = checkAccess(req, o.token, port);
    if (access.kind === "denied") {
      return errorResponse(
        req,
        401,
        "ui: this server needs its access token: open the URL it printed (…/?token=…)",
      );
    }
    if (access.kind === "set-cookie") {
      return redirect(access.location, { "set-cookie": access.cookie });
    }
    try {
      return live(req, await route(req, ctx));
    } catch (e) {
      console.error(`ui: ${req.method} ${new URL(req.url).pathname} failed:`, e);
      return errorResponse(req, 500, `ui: ${(e as Error).message}`);
    }
  }

  /**
   * A live page's request (header `x-live-version`) gets a delta against the version it has, not
   * the page; a first view of a live page gets its version in `<body data-version>`.
   */
  async function live(req: Request, res: Response): Promise<Response> {
    const type = res.headers.get("content-type") ?? "";
    if (req.method !== "GET" || res.status !== 200 || !type.startsWith("text/html")) return res;
    const since = req.headers.get("x-live-version");
    const text = await res.text();
    const url = new URL(req.url);
    const key = url.pathname + url.search;
    if (since !== null) return jsonResponse(versions.delta(key, text, Number(since)));
    if (!/<body\s[^>]*data-live=/.test(text)) return new Response(text, res);
    const { version } = versions.delta(key, text, undefined);
    return new Response(text.replace(/<body\b/, `<body data-version="${version}"`), res);
  }

  await listening.promise;
  const shown = o.host.includes(":") && !o.host.startsWith("[") ? `[${o.host}]` : o.host;
  const url = `http://${shown}:${port}`;
  o.onListen?.(`${url}/?token=${o.token}`);
  const finished = server.finished.then(() => hub.close());
  return {
    url,
    port,
    token: o.token,
    controlToken: o.controlToken,
    liveClients: () => hub.clients,
    close: async () => {
      hub.close();
      abort.abort();
      await finished;
    },
    finished,
  };
}
