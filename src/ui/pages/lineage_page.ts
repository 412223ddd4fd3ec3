// Owns the lineage page: the tree alone, filling the window, updated live.
import type { LineageData } from "../data/lineage.ts";
import type { RunSummary } from "../data/runs.ts";
import { type PageContext, renderPage } from "./_layout.ts";
import { lineagePanel } from "./_lineage_panel.ts";
import { runPath } from "./_parts.ts";

/** Renders the full-window lineage of run `run`. */
export function renderLineagePage(ctx: PageContext, run: RunSummary, lineage: LineageData): string {
  const base = runPath(run.name);
  return renderPage(ctx, {
    title: `lineage · ${run.spec}`,
    crumbs: [{ label: run.name, href: base }, { label: "lineage" }],
    body: lineagePanel(base, lineage, true),
    live: `${base}/live`,
    scripts: ["vendor/d3-hierarchy.js", "lineage.js"],
    data: { base, lineage },
  });
}
