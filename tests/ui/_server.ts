// Starts a UI server on a free port over a temp folder of fixture runs, for the route tests.
import { startUiServer, type UiServer, type UiServerOptions } from "../../src/ui/mod.ts";
import { type FixtureOptions, type FixtureRun, makeFixtureRun } from "../../bench/_fixture_run.ts";

export interface ServerHarness {
  readonly root: string;
  readonly server: UiServer;
  readonly run: FixtureRun;
  /** GET (or any request) relative to the server, with its access token unless overridden. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Runs `fn` with a server over one fixture run; closes everything afterwards. */
export async function withServer(
  fn: (h: ServerHarness) => Promise<void>,
  options: { readonly fixture?: FixtureOptions; readonly server?: UiServerOptions } = {},
): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "specevolve-ui-" });
  const run = makeFixtureRun(root, options.fixture);
  const server = await startUiServer({ root, port: 0, pollMs: 100, ...options.server });
  try {
    await fn({
      root,
      server,
      run,
      fetch: (path, init) => {
        // The access token as a script would send it, unless the test sets its own headers.
        const headers = new Headers(init?.headers);
        if (!headers.has("authorization")) headers.set("authorization", `Bearer ${server.token}`);
        return fetch(`${server.url}${path}`, { redirect: "manual", ...init, headers });
      },
    });
  } finally {
    await server.close();
    run.store.close();
    await Deno.remove(root, { recursive: true });
  }
}

/** The page's JSON data island, parsed. */
export function pageData(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="page-data">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error("no #page-data in the page");
  return JSON.parse(m[1]);
}

/**
 * Every <script> tag of a page: each must load a file of this server or hold JSON data; an inline
 * script, or a tag built from run data, would show up here.
 */
export function scriptTags(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
}

/** Markup with the whitespace between tags removed, so assertions do not depend on layout. */
export function squash(html: string): string {
  return html.replace(/>\s+</g, "><");
}
