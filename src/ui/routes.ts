// Owns the route table: which URL shows which page or data, each read from the run database
// opened read-only for the request; control POSTs go to `_control.ts`.
import { handleControl } from "./_control.ts";
import { errorResponse, htmlResponse, jsonResponse, redirect } from "./_respond.ts";
import type { AssetStore } from "./assets.ts";
import type { RunAccess } from "../evolve/database/run_dir.ts";
import type { RunReader } from "../evolve/database/store.ts";
import { memoizedReader } from "../runview/mod.ts";
import { runCharts } from "./data/charts.ts";
import { runEvents } from "./data/events.ts";
import { lineageData } from "./data/lineage.ts";
import { programDetail } from "./data/program.ts";
import { runScoring } from "./data/scoring.ts";
import { discoverRuns, isSingleRun, type RunEntry, runSummary, topPrograms } from "./data/runs.ts";
import type { LiveHub } from "./live.ts";
import { diffMode } from "./pages/_code.ts";
import type { PageContext } from "./pages/_layout.ts";
import { runPath } from "./pages/_parts.ts";
import { renderComparePage } from "./pages/compare_page.ts";
import { renderLineagePage } from "./pages/lineage_page.ts";
import { renderProgramPage } from "./pages/program_page.ts";
import { renderRunPage } from "./pages/run_page.ts";
import { renderRunsPage, type RunListItem } from "./pages/runs_page.ts";

/** What handlers share: the served folder, how runs open, assets, the live hub and the token. */
export interface RouteContext extends PageContext {
  readonly root: string;
  /** Opens a run folder for reading (pages) or writing (control); SQLite unless a caller says. */
  readonly runs: RunAccess;
  readonly assets: AssetStore;
  readonly hub: LiveHub;
}

type Handler = (
  req: Request,
  ctx: RouteContext,
  params: Record<string, string | undefined>,
  url: URL,
) => Response | Promise<Response>;

interface Route {
  readonly method: "GET" | "POST";
  readonly pattern: URLPattern;
  readonly handler: Handler;
}

/** Files whose change means new rows: the database and its write-ahead log. */
function dbFiles(run: RunEntry): string[] {
  return [run.dbPath, `${run.dbPath}-wal`];
}

/** Runs `fn` on `run` opened read-only, closing it afterwards. */
function withReader<T>(ctx: RouteContext, run: RunEntry, fn: (reader: RunReader) => T): T {
  let reader: RunReader;
  try {
    reader = ctx.runs.openReader(run.dir);
  } catch (e) {
    throw new Error(`ui: ${(e as Error).message}`, { cause: e });
  }
  try {
    return fn(memoizedReader(reader));
  } finally {
    reader.close();
  }
}

/** Finds the run a URL names among the runs on disk; names are never joined into paths. */
function findRun(ctx: RouteContext, name: string | undefined): RunEntry | undefined {
  return discoverRuns(ctx.root).find((r) => r.name === name);
}

/** Wraps a handler that needs a run: 404 when the URL names none. */
function withRun(
  fn: (
    req: Request,
    ctx: RouteContext,
    run: RunEntry,
    params: Record<string, string | undefined>,
    url: URL,
  ) => Response | Promise<Response>,
): Handler {
  return (req, ctx, params, url) => {
    const run = findRun(ctx, params.run);
    if (!run) {
      return errorResponse(req, 404, `ui: no run named "${params.run ?? ""}" under ${ctx.root}`);
    }
    return fn(req, ctx, run, params, url);
  };
}

function programId(req: Request, value: string | null | undefined): number | Response {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0
    ? id
    : errorResponse(req, 400, `ui: "${value ?? ""}" is not a program id`);
}

const ROUTES: readonly Route[] = [
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/" }),
    handler: (_req, ctx) => {
      if (isSingleRun(ctx.root)) return redirect(runPath(discoverRuns(ctx.root)[0].name));
      const runs: RunListItem[] = discoverRuns(ctx.root).map((r) => {
        try {
          return { name: r.name, summary: withReader(ctx, r, (db) => runSummary(db, r.name)) };
        } catch (e) {
          return { name: r.name, error: (e as Error).message };
        }
      });
      return htmlResponse(renderRunsPage(ctx, ctx.root, runs));
    },
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/live" }),
    handler: (_req, ctx) =>
      ctx.hub.stream("runs", () => [ctx.root, ...discoverRuns(ctx.root).flatMap(dbFiles)]),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/runs/:run" }),
    handler: withRun((_req, ctx, run, _p, url) =>
      htmlResponse(withReader(ctx, run, (db) =>
        renderRunPage(ctx, {
          summary: runSummary(db, run.name),
          charts: runCharts(db),
          lineage: lineageData(db),
          events: runEvents(db),
          top: topPrograms(db),
        }, url.searchParams.get("sent"))))
    ),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/runs/:run/live" }),
    handler: withRun((_req, ctx, run) => ctx.hub.stream(`run:${run.name}`, () => dbFiles(run))),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/runs/:run/lineage" }),
    handler: withRun((_req, ctx, run) =>
      htmlResponse(
        withReader(ctx, run, (db) =>
          renderLineagePage(ctx, runSummary(db, run.name), lineageData(db))),
      )
    ),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/runs/:run/api/run.json" }),
    handler: withRun((_req, ctx, run) =>
      jsonResponse(withReader(ctx, run, (db) => ({
        summary: runSummary(db, run.name),
        charts: runCharts(db),
        lineage: lineageData(db),
      })))
    ),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/runs/:run/programs/:id" }),
    handler: withRun(async (req, ctx, run, params, url) => {
      const id = programId(req, params.id);
      if (id instanceof Response) return id;
      const scoring = await runScoring(run.dir);
      return withReader(ctx, run, (db) => {
        const p = programDetail(db, id);
        if (!p) return errorResponse(req, 404, `ui: run ${run.name} has no program #${id}`);
        return htmlResponse(
          renderProgramPage(
            ctx,
            runSummary(db, run.name),
            scoring,
            p,
            diffMode(url.searchParams.get("diff")),
          ),
        );
      });
    }),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/runs/:run/programs/:id/source" }),
    handler: withRun((req, ctx, run, params) => {
      const id = programId(req, params.id);
      if (id instanceof Response) return id;
      const p = withReader(ctx, run, (db) => programDetail(db, id));
      if (!p) return errorResponse(req, 404, `ui: run ${run.name} has no program #${id}`);
      // text/plain with nosniff: the browser never renders a candidate's text as a page.
      return new Response(p.source, {
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      });
    }),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/runs/:run/compare" }),
    handler: withRun(async (req, ctx, run, _params, url) => {
      const a = programId(req, url.searchParams.get("a"));
      if (a instanceof Response) return a;
      const b = programId(req, url.searchParams.get("b"));
      if (b instanceof Response) return b;
      const scoring = await runScoring(run.dir);
      return withReader(ctx, run, (db) => {
        const pa = programDetail(db, a);
        const pb = programDetail(db, b);
        if (!pa || !pb) {
          return errorResponse(req, 404, `ui: run ${run.name} has no program #${pa ? b : a}`);
        }
        return htmlResponse(
          renderComparePage(
            ctx,
            runSummary(db, run.name),
            scoring,
            pa,
            pb,
            diffMode(url.searchParams.get("diff")),
          ),
        );
      });
    }),
  },
  {
    method: "POST",
    pattern: new URLPattern({ pathname: "/runs/:run/control" }),
    handler: withRun((req, ctx, run) =>
      handleControl(req, run, ctx.controlToken, () => ctx.runs.openStore(run.dir))
    ),
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/assets/*" }),
    handler: (req, ctx, _params, url) => {
      const asset = ctx.assets.get(decodeURIComponent(url.pathname.slice("/assets/".length)));
      if (!asset) return errorResponse(req, 404, `ui: no asset ${url.pathname}`);
      return new Response(asset.body, {
        headers: {
          "content-type": asset.contentType,
          // URLs carry the content hash, so a cached copy can never be stale.
          "cache-control": url.searchParams.get("v") === asset.hash
            ? "public, max-age=31536000, immutable"
            : "no-cache",
        },
      });
    },
  },
  {
    method: "GET",
    pattern: new URLPattern({ pathname: "/favicon.ico" }),
    handler: () => new Response(null, { status: 204 }),
  },
];

/** Routes `req` to its handler; unknown paths get 404, wrong methods 405. */
export async function route(req: Request, ctx: RouteContext): Promise<Response> {
  const url = new URL(req.url);
  let pathMatched = false;
  for (const r of ROUTES) {
    const match = r.pattern.exec(url);
    if (!match) continue;
    pathMatched = true;
    if (r.method !== req.method && !(r.method === "GET" && req.method === "HEAD")) continue;
    let params: Record<string, string | undefined>;
    try {
      params = Object.fromEntries(
        Object.entries(match.pathname.groups).map((
          [k, v],
        ) => [k, v === undefined ? undefined : decodeURIComponent(v)]),
      );
    } catch {
      return errorResponse(req, 400, `ui: malformed URL ${url.pathname}`);
    }
    return await r.handler(req, ctx, params, url);
  }
  return pathMatched
    ? errorResponse(req, 405, `ui: ${req.method} is not allowed on ${url.pathname}`)
    : errorResponse(req, 404, `ui: nothing at ${url.pathname}`);
}
