// Owns the UI benchmark: page weight and time to first render of the run explorer on a run of 1000
// programs (built through the Store, EPLB-sized sources): server response time per page, bytes
// (raw and gzip) of each page with the assets it loads, and, where Chromium is installed, first
// contentful paint and time until the charts and the lineage are drawn.
// Run directly: `deno run -A bench/ui_bench.ts [--programs N] [--runs N]`.
import { parseArgs } from "node:util";
import { SqliteStore } from "../src/evolve/database/mod.ts";
import { startUiServer } from "../src/ui/mod.ts";
import { chromiumMissing, launchChromium } from "./_browser.ts";
import { makeFixtureRun } from "./_fixture_run.ts";

export interface UiBenchOptions {
  /** Programs in the run. @default 1000 */
  readonly programs?: number;
  /** Timed requests per page (after one warm-up); the median is reported. @default 9 */
  readonly runs?: number;
  /** Also measure in Chromium when it is installed. @default true */
  readonly browser?: boolean;
}

export interface PageFigures {
  readonly path: string;
  /** Median server time to the full response body, ms. */
  readonly serverMs: number;
  readonly htmlBytes: number;
  readonly htmlGzipBytes: number;
  /** The page with every script and stylesheet it loads. */
  readonly totalBytes: number;
  readonly totalGzipBytes: number;
}

export interface BrowserFigures {
  /** First contentful paint of the run page, ms after navigation start (warm cache). */
  readonly firstContentfulPaintMs: number;
  /** The same for the runs list (a near-empty page): the baseline of this browser and machine. */
  readonly baselineFcpMs: number;
  /** Charts drawn (uPlot), ms after navigation start. */
  readonly chartsMs: number;
  /** Lineage laid out and drawn on its canvas, ms after navigation start. */
  readonly lineageMs: number;
  readonly lineageNodes: number;
  /** Bytes over the wire (gzip where the server compressed), from resource timing. */
  readonly transferredBytes: number;
}

export interface UiBenchFigures {
  readonly programs: number;
  readonly pages: readonly PageFigures[];
  /** What an open run page fetches after one new program and one event: a delta, not the page. */
  readonly live: LiveFigures;
  readonly browser?: BrowserFigures;
  readonly browserSkipped?: string;
}

export interface LiveFigures {
  readonly pageBytes: number;
  readonly deltaBytes: number;
  readonly deltaGzipBytes: number;
}

async function gzipSize(bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs the UI benchmark and returns its figures. */
export async function runUiBench(options: UiBenchOptions = {}): Promise<UiBenchFigures> {
  const programs = options.programs ?? 1000;
  const runs = options.runs ?? 9;
  const root = await Deno.makeTempDir({ prefix: "specevolve-ui-bench-" });
  const baseSource = await Deno.readTextFile(new URL("../specs/eplb/initial.ts", import.meta.url));
  const run = makeFixtureRun(root, { programs, baseSource, seed: 3 });
  run.store.close();
  const server = await startUiServer({ root, port: 0 });
  try {
    const base = `/runs/${run.name}`;
    const paths = [
      "/",
      base,
      `${base}/lineage`,
      `${base}/programs/${run.bestId}`,
      `${base}/compare?a=${run.initialId}&b=${run.bestId}`,
    ];
    const pages: PageFigures[] = [];
    for (const path of paths) pages.push(await measurePage(server.url, server.token, path, runs));
    const live = await measureLiveDelta(server.url, server.token, base, run.dir);
    const figures: UiBenchFigures = { programs: programs + 1, pages, live };
    if (options.browser === false) return { ...figures, browserSkipped: "not asked for" };
    const missing = chromiumMissing();
    if (missing) return { ...figures, browserSkipped: missing };
    return { ...figures, browser: await measureBrowser(server.url, server.token, base) };
  } finally {
    await server.close();
    await Deno.remove(root, { recursive: true });
  }
}

async function measurePage(
  url: string,
  token: string,
  path: string,
  runs: number,
): Promise<PageFigures> {
  const headers = { authorization: `Bearer ${token}` };
  const get = async (p: string) =>
    new Uint8Array(await (await fetch(`${url}${p}`, { headers })).arrayBuffer());
  const html = await get(path);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await get(path);
    times.push(performance.now() - start);
  }
  const text = new TextDecoder().decode(html);
  let totalBytes = html.byteLength;
  let totalGzipBytes = await gzipSize(html);
  for (const m of text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
    const asset = await get(m[1].replaceAll("&amp;", "&"));
    totalBytes += asset.byteLength;
    totalGzipBytes += await gzipSize(asset);
  }
  return {
    path,
    serverMs: median(times),
    htmlBytes: html.byteLength,
    htmlGzipBytes: await gzipSize(html),
    totalBytes,
    totalGzipBytes,
  };
}

async function measureLiveDelta(
  url: string,
  token: string,
  path: string,
  dir: string,
): Promise<LiveFigures> {
  const headers = { authorization: `Bearer ${token}` };
  const page = await (await fetch(`${url}${path}`, { headers })).text();
  const version = /<body data-version="(\d+)"/.exec(page)?.[1] ?? "0";
  const store = SqliteStore.open(`${dir}/run.db`);
  try {
    const source = "export function solve() { return 2; }\n";
    store.addProgram({
      source,
      hash: "e".repeat(64),
      parentId: 1,
      island: 0,
      generation: 1,
      iteration: 100_000,
      seed: 1,
      proposer: "human",
      description: "one more",
      features: { code_length: 40, loops: 0, branches: 0, functions: 1, calls: 0 },
    });
    store.addEvent({ kind: "hint", payload: { text: "one more event" } });
  } finally {
    store.close();
  }
  const delta = new Uint8Array(
    await (await fetch(`${url}${path}`, { headers: { ...headers, "x-live-version": version } }))
      .arrayBuffer(),
  );
  return {
    pageBytes: new TextEncoder().encode(page).byteLength,
    deltaBytes: delta.byteLength,
    deltaGzipBytes: await gzipSize(delta),
  };
}

async function measureBrowser(
  base: string,
  token: string,
  runPage: string,
): Promise<BrowserFigures> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // Opening the printed URL once sets the access cookie, as a user does.
    await page.goto(`${base}/?token=${token}`);
    const fcp = () =>
      page.evaluate(() =>
        performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN
      );
    // Each page is loaded twice and measured the second time: a warm HTTP cache and code cache,
    // as when one looks at a run again.
    for (let i = 0; i < 2; i++) {
      await page.goto(`${base}/`);
      await page.waitForLoadState("load");
    }
    const baselineFcpMs = await fcp();
    for (let i = 0; i < 2; i++) {
      await page.goto(`${base}${runPage}`);
      await page.waitForFunction(() =>
        performance.getEntriesByName("specevolve:charts").length > 0 &&
        performance.getEntriesByName("specevolve:lineage").length > 0
      );
    }
    return {
      ...await page.evaluate(() => {
        const mark = (name: string) => performance.getEntriesByName(name)[0].startTime;
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
        return {
          firstContentfulPaintMs:
            performance.getEntriesByName("first-contentful-paint")[0]?.startTime ??
              NaN,
          chartsMs: mark("specevolve:charts"),
          lineageMs: mark("specevolve:lineage"),
          lineageNodes: Number(document.getElementById("lineage-canvas")?.dataset.nodes),
          transferredBytes: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0),
        };
      }),
      baselineFcpMs,
    };
  } finally {
    await browser.close();
  }
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Prints the figures as a table. */
export function printUiFigures(f: UiBenchFigures): void {
  console.log(`UI on a run of ${f.programs} programs (server: median of timed requests)`);
  console.log(
    "page".padEnd(44),
    "server ms".padStart(10),
    "html".padStart(10),
    "html gz".padStart(10),
    "+assets".padStart(10),
    "+assets gz".padStart(11),
  );
  for (const p of f.pages) {
    console.log(
      p.path.replace(/eplb-[\dT-]+/, "<run>").padEnd(44),
      p.serverMs.toFixed(1).padStart(10),
      kb(p.htmlBytes).padStart(10),
      kb(p.htmlGzipBytes).padStart(10),
      kb(p.totalBytes).padStart(10),
      kb(p.totalGzipBytes).padStart(11),
    );
  }
  console.log(
    `Live update of the run page after one new program and one event: ${kb(f.live.deltaBytes)} (${
      kb(f.live.deltaGzipBytes)
    } gzipped) instead of the ${kb(f.live.pageBytes)} page`,
  );
  if (f.browser) {
    const b = f.browser;
    console.log(
      `Chromium, run page (warm cache): first contentful paint ${
        b.firstContentfulPaintMs.toFixed(0)
      } ms ` +
        `(runs list: ${b.baselineFcpMs.toFixed(0)} ms, ratio ${
          (b.firstContentfulPaintMs / b.baselineFcpMs).toFixed(2)
        }); ` +
        `charts drawn at ${b.chartsMs.toFixed(0)} ms, lineage (${b.lineageNodes} nodes) at ${
          b.lineageMs.toFixed(0)
        } ms; ` +
        `${kb(b.transferredBytes)} transferred`,
    );
  } else console.log(`Chromium figures skipped: ${f.browserSkipped}`);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: { programs: { type: "string" }, runs: { type: "string" } },
  });
  const figures = await runUiBench({
    programs: values.programs === undefined ? undefined : Number(values.programs),
    runs: values.runs === undefined ? undefined : Number(values.runs),
  });
  printUiFigures(figures);
  console.log(JSON.stringify(figures));
}
