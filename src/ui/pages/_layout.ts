// Owns the page shell every page shares: head (styles, deferred scripts, no inline code), the
// breadcrumb bar with the live indicator, and the JSON data island the scripts read.
import type { AssetStore } from "../assets.ts";
import { type Html, html, jsonScript } from "../../html/mod.ts";

/** What every page renderer gets from the server. */
export interface PageContext {
  readonly assets: AssetStore;
  /** Echoed by control forms; checked on POST. */
  readonly controlToken: string;
}

export interface PageOptions {
  readonly title: string;
  /** Breadcrumbs after "runs"; the last one is the current page. */
  readonly crumbs: readonly { readonly label: string; readonly href?: string }[];
  readonly body: Html;
  /** Server-sent events URL that tells this page to refresh; none for static pages. */
  readonly live?: string;
  /** Asset names of scripts (deferred, in order) and extra styles. */
  readonly scripts?: readonly string[];
  readonly styles?: readonly string[];
  /** Read by the page's scripts from `#page-data`. */
  readonly data?: unknown;
}

/** Renders a full HTML document. */
export function renderPage(ctx: PageContext, page: PageOptions): string {
  const { assets } = ctx;
  const styles = ["app.css", ...(page.styles ?? [])];
  const scripts = [...(page.live ? ["live.js"] : []), ...(page.scripts ?? [])];
  const crumbs = [{ label: "runs", href: "/" }, ...page.crumbs];
  return "<!doctype html>\n" + html`
    <html lang="en">
      <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${page.title} · specevolve</title>
    ${styles.map((s) => html`<link rel="stylesheet" href="${assets.url(s)}">\n`)}
    ${scripts.map((s) => html`<script defer src="${assets.url(s)}"></script>\n`)}
      </head>
      <body${page.live
        ? html`
          data-live="${page.live}"
        `
        : ""}>
    <header class="top">
    <nav>${crumbs.map((c, i) =>
      html`${i ? html`<span class="sep">/</span>` : ""}${
        c.href && i < crumbs.length - 1
          ? html`<a href="${c.href}">${c.label}</a>`
          : html`<b>${c.label}</b>`
      }`
    )}</nav>
    ${page.live
      ? html`<span id="live-status" class="live" title="updates without reload">live</span>`
      : ""}
    </header>
    <main>
    ${page.body}
    </main>
    ${page.data === undefined ? "" : jsonScript("page-data", page.data)}
    </body>
    </html>
  `.value;
}
