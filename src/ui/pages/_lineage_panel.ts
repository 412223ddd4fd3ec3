// Owns the lineage panel markup (canvas, tools, legend) and the best path as plain links, which
// stay usable without script and for screen readers; lineage.js draws the tree.
import type { LineageData } from "../data/lineage.ts";
import { score } from "./_format.ts";
import { type Html, html } from "../../html/mod.ts";
import { programLink } from "./_parts.ts";

/** The lineage panel; `full` makes the canvas fill the window (the lineage page). */
export function lineagePanel(base: string, lineage: LineageData, full: boolean): Html {
  const index = new Map(lineage.id.map((id, i) => [id, i]));
  const path = lineage.bestPath.map((id) => {
    const i = index.get(id)!;
    return html`<li>${programLink(base, id)} <span class="muted">${
      lineage.proposers[lineage.proposer[i]]
    } · ${score(lineage.train[i])}</span></li>`;
  });
  return html`
    <section id="lineage" class="panel${full ? " full" : ""}">
      <div class="panel-head"><h2>Lineage</h2>
    <span class="muted" id="lineage-count" data-refresh>${lineage.id
      .length} program${lineage.id.length === 1 ? "" : "s"} · ${lineage
      .islands} island${lineage.islands === 1 ? "" : "s"}</span>
    ${full ? "" : html`<a href="${base}/lineage">full window</a>`}</div>
      <div class="tree-tools">
        <label><input type="checkbox" id="hide-failed"> hide failed leaves</label>
        <label>colour <select id="color-by"><option value="island">by island</option><option value="score">by score</option></select></label>
        <button type="button" id="tree-fit">fit</button>
        <button type="button" id="tree-best">best path</button>
        <span
          class="muted hint">click a node to open it · shift-click folds its subtree · wheel zooms · drag pans</span>
      </div>
      <div class="tree-wrap">
        <canvas id="lineage-canvas" role="img"
          aria-label="lineage tree of ${lineage.id
            .length} programs; the best path is listed below"></canvas>
        <div id="tree-tip" class="tip" hidden></div>
      </div>
      <div id="tree-legend" class="legend"></div>
      <details class="path" id="best-path" data-refresh>
        <summary>Best path (${path.length} program${path.length === 1 ? "" : "s"})</summary>
        <ol>${path}</ol>
      </details>
    </section>
  `;
}
