// Owns live deltas: what a page that is already open needs to catch up, instead of the page. Each
// rendered page is cut into its live parts (elements with `data-refresh` and an id) and its JSON
// data island; the last few versions per URL are kept, and a page that says which version it has
// gets only the parts whose markup changed and a patch of the data (array tails from the first
// changed index, changed keys of objects), from which it rebuilds exactly the server's data.

/** A patch of JSON data: a whole new value, the changed keys of an object, or an array's tail. */
export type DataPatch =
  | { readonly set: unknown }
  | { readonly keys: Readonly<Record<string, DataPatch>> }
  | { readonly from: number; readonly tail: readonly unknown[] };

/** What a live page gets: the version it now has, the changed parts and the data patch. */
export interface PageDelta {
  readonly version: number;
  /** Live parts whose markup changed, by element id (outer HTML, rendered and escaped here). */
  readonly parts: Readonly<Record<string, string>>;
  /** Absent when the data did not change. */
  readonly data?: DataPatch;
}

interface Snapshot {
  readonly version: number;
  readonly parts: Readonly<Record<string, string>>;
  readonly data: unknown;
}

/** The patch that turns `before` into `after`, or undefined when they are equal. */
export function diffData(before: unknown, after: unknown): DataPatch | undefined {
  if (Array.isArray(before) && Array.isArray(after)) {
    let i = 0;
    while (i < before.length && i < after.length && sameJson(before[i], after[i])) i++;
    return i === before.length && i === after.length
      ? undefined
      : { from: i, tail: after.slice(i) };
  }
  if (isObject(before) && isObject(after)) {
    const keys: Record<string, DataPatch> = {};
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (!(k in after)) return { set: after };
      const p = diffData(before[k], after[k]);
      if (p) keys[k] = p;
    }
    return Object.keys(keys).length ? { keys } : undefined;
  }
  return sameJson(before, after) ? undefined : { set: after };
}

/** Applies `patch` to `value` (the same rules live.js follows in the browser). */
export function applyPatch(value: unknown, patch: DataPatch): unknown {
  if ("set" in patch) return patch.set;
  if ("tail" in patch) return [...(value as unknown[]).slice(0, patch.from), ...patch.tail];
  const out = { ...(value as Record<string, unknown>) };
  for (const [k, p] of Object.entries(patch.keys)) out[k] = applyPatch(out[k], p);
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The live parts of a page this server rendered: each element carrying `data-refresh` and an id,
 * up to its matching close tag. A scan by tag nesting is exact here because every text on our
 * pages is escaped (no raw `<` outside markup; the data island writes `<` as `\u003c`).
 */
export function liveParts(page: string): Record<string, string> {
  const parts: Record<string, string> = {};
  const open = /<([a-z][a-z0-9]*)\b[^>]*\bdata-refresh\b[^>]*>/g;
  for (const m of page.matchAll(open)) {
    const id = /\bid="([^"]+)"/.exec(m[0])?.[1];
    if (!id) continue;
    const tag = m[1];
    const re = new RegExp(`<${tag}\\b[^>]*>|</${tag}>`, "g");
    re.lastIndex = m.index! + m[0].length;
    let depth = 1;
    for (let t = re.exec(page); t; t = re.exec(page)) {
      depth += t[0].startsWith("</") ? -1 : 1;
      if (depth === 0) {
        parts[id] = page.slice(m.index!, t.index + t[0].length);
        break;
      }
    }
  }
  return parts;
}

/** The page's JSON data island, parsed; undefined when it has none. */
export function pageDataOf(page: string): unknown {
  const m = /<script type="application\/json" id="page-data">([\s\S]*?)<\/script>/.exec(page);
  return m ? JSON.parse(m[1]) : undefined;
}

/** How many versions are kept per URL, and how many URLs (least recently used dropped). */
const VERSIONS = 4;
const URLS = 64;

/** The recent versions of each live page, to answer deltas from. */
export class PageVersions {
  #pages = new Map<string, Snapshot[]>();
  #next = 1;

  /** Records `page` as rendered for `key` and returns what a page at `since` needs. */
  delta(key: string, page: string, since: number | undefined): PageDelta {
    const parts = liveParts(page);
    const data = pageDataOf(page);
    const versions = this.#pages.get(key) ?? [];
    this.#pages.delete(key);
    this.#pages.set(key, versions);
    if (this.#pages.size > URLS) this.#pages.delete(this.#pages.keys().next().value!);
    const known = versions.find((v) => v.version === since);
    const last = versions.at(-1);
    const same = last && diffData(last.data, data) === undefined &&
      diffData(last.parts, parts) === undefined;
    const current = same ? last : { version: this.#next++, parts, data };
    if (!same) {
      versions.push(current);
      if (versions.length > VERSIONS) versions.shift();
    }
    if (!known) return { version: current.version, parts, data: { set: data } };
    const changed = Object.fromEntries(
      Object.entries(parts).filter(([id, markup]) => known.parts[id] !== markup),
    );
    const patch = diffData(known.data, data);
    return { version: current.version, parts: changed, ...(patch ? { data: patch } : {}) };
  }
}
