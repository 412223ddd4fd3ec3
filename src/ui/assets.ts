// Owns the static files the pages load: our own scripts and styles (src/ui/assets/) and the
// browser bundles of the kept libraries, read from node_modules (no CDN: the UI works offline).
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { dirname, extname, join } from "node:path";

export interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
  /** Short content hash: part of the URL, so a changed file is never served from a stale cache. */
  readonly hash: string;
}

/** Our own files, served as written (no build step). */
const OWN = ["app.css", "live.js", "charts.js", "lineage.js", "steer.js", "copy.js"] as const;

/** Browser bundles of npm packages, by the name pages use: [package, file inside it]. */
const VENDOR: Readonly<Record<string, readonly [string, string]>> = {
  "uplot.js": ["uplot", "dist/uPlot.iife.min.js"],
  "uplot.css": ["uplot", "dist/uPlot.min.css"],
  "d3-hierarchy.js": ["d3-hierarchy", "dist/d3-hierarchy.min.js"],
  "highlight.css": ["highlight.js", "styles/github.min.css"],
  "diff2html.css": ["diff2html", "bundles/css/diff2html.min.css"],
};

const TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** The assets of one server, loaded once at start. */
export class AssetStore {
  readonly #assets: ReadonlyMap<string, Asset>;

  constructor(assets: ReadonlyMap<string, Asset>) {
    this.#assets = assets;
  }

  /** The asset called `name` (e.g. "app.css", "vendor/uplot.js"), if there is one. */
  get(name: string): Asset | undefined {
    return this.#assets.get(name);
  }

  /** The versioned URL pages use for `name`; throws for an unknown name (a bug in a page). */
  url(name: string): string {
    const asset = this.#assets.get(name);
    if (!asset) throw new Error(`ui: no asset named ${name}`);
    return `/assets/${name}?v=${asset.hash}`;
  }
}

/** Reads every asset; throws, saying to run `deno install`, when a package is missing. */
export async function loadAssets(): Promise<AssetStore> {
  const assets = new Map<string, Asset>();
  for (const name of OWN) {
    assets.set(
      name,
      asset(name, await Deno.readFile(new URL(`./assets/${name}`, import.meta.url))),
    );
  }
  for (const [name, [pkg, file]] of Object.entries(VENDOR)) {
    assets.set(`vendor/${name}`, asset(name, await Deno.readFile(join(packageRoot(pkg), file))));
  }
  return new AssetStore(assets);
}

const require = createRequire(import.meta.url);

/**
 * The folder of npm package `name` in node_modules. Resolved through the package's entry point and
 * walked up to its package.json, because packages' `exports` maps hide their dist files.
 */
function packageRoot(name: string): string {
  let dir: string;
  try {
    dir = dirname(require.resolve(name));
  } catch (e) {
    throw new Error(
      `ui: cannot find the npm package ${name} in node_modules; run \`deno install\` in the ` +
        "project root (the UI serves its chart, tree, diff and highlighting files from there)",
      { cause: e },
    );
  }
  for (; dirname(dir) !== dir; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(Deno.readTextFileSync(join(dir, "package.json")));
      if (manifest.name === name) return dir;
    } catch { /* no package.json at this level */ }
  }
  throw new Error(
    `ui: found ${name} in node_modules but not its package.json; run \`deno install\``,
  );
}

function asset(name: string, body: Uint8Array<ArrayBuffer>): Asset {
  const contentType = TYPES[extname(name)];
  if (!contentType) throw new Error(`ui: asset ${name} has no known content type`);
  return { body, contentType, hash: createHash("sha256").update(body).digest("hex").slice(0, 12) };
}
