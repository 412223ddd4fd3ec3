// The lineage tree on a canvas: d3-hierarchy lays it out (left to right, generation by generation),
// the canvas draws only what is in view, so thousands of programs stay smooth. Click opens a
// program, shift-click folds a subtree, the wheel zooms, dragging pans.
"use strict";
(() => {
  const canvas = document.getElementById("lineage-canvas");
  const dataEl = document.getElementById("page-data");
  if (!canvas || !dataEl) return;
  const wrap = canvas.parentElement;
  const tip = document.getElementById("tree-tip");
  const legend = document.getElementById("tree-legend");
  const hideFailed = document.getElementById("hide-failed");
  const colourBy = document.getElementById("color-by");
  const ctx = canvas.getContext("2d");
  const ISLANDS = [
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#e15759",
    "#bab0ac",
  ];
  const VIRIDIS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const BEST = "#ea580c";
  const ROW = 12;
  const COL = 46;

  let data = JSON.parse(dataEl.textContent);
  let nodes = [];
  let byId = new Map();
  const folded = new Set();
  // k scales the breadth (rows); a generation is `colPx()` wide on screen: never narrower than
  // `minCol`, which a fit sets so a deep-or-shallow tree still fills the width (semantic zoom on x).
  const view = { k: 1, x: 20, y: 20, minCol: COL };
  const colPx = () => Math.max(COL * view.k, view.minCol);
  let moved = false;
  hideFailed.checked = data.lineage.id.length > 500;

  function layout() {
    const L = data.lineage;
    const n = L.id.length;
    const kids = Array.from({ length: n }, () => []);
    const roots = [];
    for (let i = 0; i < n; i++) (L.parent[i] === -1 ? roots : kids[L.parent[i]]).push(i);
    const onPath = new Set(L.bestPath);
    const size = new Array(n).fill(1);
    for (let i = n - 1; i >= 0; i--) if (L.parent[i] !== -1) size[L.parent[i]] += size[i];
    const keep = (i) =>
      !(hideFailed.checked && L.state[i] === 0 && kids[i].length === 0 && !onPath.has(L.id[i]));
    const build = (i) => ({
      i,
      children: folded.has(L.id[i]) ? [] : kids[i].filter(keep).map(build),
    });
    const root = d3.hierarchy({ i: -1, children: roots.filter(keep).map(build) });
    d3.tree().nodeSize([ROW, COL]).separation((a, b) => (a.parent === b.parent ? 1 : 1.5))(root);
    nodes = [];
    byId = new Map();
    for (const d of root.descendants()) {
      if (d.data.i === -1) continue;
      const i = d.data.i;
      const node = {
        i,
        id: L.id[i],
        depth: d.depth - 1,
        y: d.x,
        parent: d.parent && d.parent.data.i !== -1 ? d.parent : null,
        folded: folded.has(L.id[i]) ? size[i] - 1 : 0,
        best: onPath.has(L.id[i]),
      };
      nodes.push(node);
      byId.set(node.id, node);
    }
    for (const node of nodes) node.parent = node.parent ? byId.get(L.id[node.parent.data.i]) : null;
    canvas.dataset.nodes = String(nodes.length);
    canvas.dataset.total = String(n);
  }

  function scoreRange() {
    const s = data.lineage.train.filter((v) => v !== null);
    return s.length
      ? [s.reduce((a, b) => Math.min(a, b)), s.reduce((a, b) => Math.max(a, b))]
      : [0, 1];
  }

  function viridis(t) {
    const f = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
    const a = VIRIDIS[Math.floor(f)];
    const b = VIRIDIS[Math.min(VIRIDIS.length - 1, Math.floor(f) + 1)];
    const m = f - Math.floor(f);
    return `rgb(${a.map((v, j) => Math.round(v + (b[j] - v) * m)).join(",")})`;
  }

  function fill(i, range) {
    const L = data.lineage;
    if (L.state[i] === 0) return "#d4d4d8";
    if (L.state[i] === -1) return "#ffffff";
    if (colourBy.value === "score") {
      return viridis((L.train[i] - range[0]) / (range[1] - range[0] || 1));
    }
    return ISLANDS[L.island[i] % ISLANDS.length];
  }

  const sx = (n) => n.depth * colPx() + view.x;
  const sy = (n) => n.y * view.k + view.y;

  function draw() {
    const dpr = globalThis.devicePixelRatio || 1;
    const w = wrap.clientWidth;
    const h = wrap.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const r = Math.max(1.5, Math.min(7, 4 * Math.sqrt(view.k)));
    const inView = (n) => {
      const x = sx(n);
      const y = sy(n);
      return x > -colPx() - 10 && x < w + 10 && y > -10 && y < h + 10;
    };
    const visible = nodes.filter(inView);
    const edges = new Path2D();
    const bestEdges = new Path2D();
    for (const n of nodes) {
      if (!n.parent || (!inView(n) && !inView(n.parent))) continue;
      const path = n.best && n.parent.best ? bestEdges : edges;
      const mx = sx(n.parent) + (sx(n) - sx(n.parent)) / 2;
      path.moveTo(sx(n.parent), sy(n.parent));
      path.lineTo(mx, sy(n.parent));
      path.lineTo(mx, sy(n));
      path.lineTo(sx(n), sy(n));
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = "#cbd5e1";
    ctx.stroke(edges);
    ctx.lineWidth = 3;
    ctx.strokeStyle = BEST;
    ctx.stroke(bestEdges);
    const range = scoreRange();
    const groups = new Map();
    for (const n of visible) {
      const f = fill(n.i, range);
      if (!groups.has(f)) groups.set(f, new Path2D());
      groups.get(f).moveTo(sx(n) + r, sy(n));
      groups.get(f).arc(sx(n), sy(n), data.lineage.state[n.i] === 0 ? r * 0.7 : r, 0, Math.PI * 2);
    }
    ctx.lineWidth = 1;
    for (const [f, path] of groups) {
      ctx.fillStyle = f;
      ctx.fill(path);
      ctx.strokeStyle = f === "#ffffff" ? "#64748b" : "rgba(15,23,42,0.35)";
      ctx.stroke(path);
    }
    ctx.lineWidth = 2;
    ctx.strokeStyle = BEST;
    for (const n of visible) {
      if (n.best) {
        ctx.beginPath();
        ctx.arc(sx(n), sy(n), r + 2.5, 0, Math.PI * 2);
        ctx.stroke();
      }
    }
    ctx.fillStyle = "#334155";
    ctx.font = "11px system-ui, sans-serif";
    for (const n of visible) if (n.folded) ctx.fillText(`+${n.folded}`, sx(n) + r + 3, sy(n) + 4);
    // Zoomed in every node has its id; at fit only the roots and the best path do, so the tree
    // still reads (where it starts, which line leads to the best) without a clutter of numbers.
    for (const n of visible) {
      if (!n.folded && (view.k > 1.6 || n.best || n.depth === 0)) {
        ctx.fillText(`#${n.id}`, sx(n) + r + 3, sy(n) - r - 1);
      }
    }
    // Generation numbers along the top edge, one per column in view.
    ctx.fillStyle = "#94a3b8";
    const shown = new Set();
    for (const n of visible) {
      if (shown.has(n.depth)) continue;
      shown.add(n.depth);
      ctx.fillText(`gen ${n.depth}`, sx(n) - 10, 12);
    }
  }

  function fit(subset) {
    const list = subset && subset.length ? subset : nodes;
    if (!list.length) return draw();
    const xs = list.map((n) => n.depth);
    const ys = list.map((n) => n.y);
    // reduce, not Math.min(...xs): spreading 100k arguments overflows the stack.
    const lo = (a) => a.reduce((m, v) => Math.min(m, v), Infinity);
    const hi = (a) => a.reduce((m, v) => Math.max(m, v), -Infinity);
    const [x0, x1, y0, y1] = [lo(xs), hi(xs), lo(ys), hi(ys)];
    const w = wrap.clientWidth - 60;
    const h = wrap.clientHeight - 40;
    view.k = Math.max(0.02, Math.min(4, w / ((x1 - x0) * COL || 1), h / (y1 - y0 || 1)));
    view.minCol = Math.min(220, Math.max(COL * view.k, w / (x1 - x0 || 1)));
    view.x = 30 - x0 * colPx() + (w - (x1 - x0) * colPx()) / 2;
    view.y = 20 - y0 * view.k + (h - (y1 - y0) * view.k) / 2;
    draw();
  }

  function nodeAt(px, py) {
    const r = Math.max(6, 4 * Math.sqrt(view.k) + 3);
    let best = null;
    let bestD = r * r;
    for (const n of nodes) {
      const d = (sx(n) - px) ** 2 + (sy(n) - py) ** 2;
      if (d <= bestD) {
        bestD = d;
        best = n;
      }
    }
    return best;
  }

  function describe(n) {
    const L = data.lineage;
    const i = n.i;
    const outcome = L.state[i] === 1
      ? `train ${L.train[i]?.toFixed(4) ?? "—"}`
      : L.state[i] === 0
      ? `failed: ${L.failure[i]}`
      : "not evaluated yet";
    return `#${n.id} · iteration ${L.iteration[i]} · island ${L.island[i]} · ${
      L.proposers[L.proposer[i]]
    }\n${outcome}${n.folded ? `\n${n.folded} programs folded (shift-click to unfold)` : ""}${
      n.best ? "\non the best path" : ""
    }`;
  }

  function renderLegend() {
    const L = data.lineage;
    const items = [];
    if (colourBy.value === "island") {
      for (let k = 0; k < L.islands; k++) {
        items.push([ISLANDS[k % ISLANDS.length], `island ${k}`]);
      }
    } else {
      const [a, b] = scoreRange();
      items.push([viridis(0), `train ${a.toFixed(3)}`], [viridis(1), `train ${b.toFixed(3)}`]);
    }
    items.push(["#d4d4d8", "failed"], ["#ffffff", "not evaluated"], [BEST, "best path"]);
    legend.replaceChildren(...items.map(([c, label]) => {
      const span = document.createElement("span");
      const sw = document.createElement("i");
      sw.style.background = c;
      span.append(sw, label);
      return span;
    }));
  }

  let drag = null;
  canvas.addEventListener("pointerdown", (e) => {
    drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener("pointermove", (e) => {
    const rect = canvas.getBoundingClientRect();
    if (drag) {
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = moved = true;
      if (drag.moved) {
        view.x = drag.vx + dx;
        view.y = drag.vy + dy;
        requestAnimationFrame(draw);
      }
      return;
    }
    const n = nodeAt(e.clientX - rect.left, e.clientY - rect.top);
    canvas.style.cursor = n ? "pointer" : "grab";
    tip.hidden = !n;
    if (n) {
      tip.textContent = describe(n);
      tip.style.left = `${Math.min(sx(n) + 12, wrap.clientWidth - 260)}px`;
      tip.style.top = `${sy(n) + 12}px`;
    }
  });
  canvas.addEventListener("pointerup", (e) => {
    const wasDrag = drag?.moved;
    drag = null;
    if (wasDrag) return;
    const rect = canvas.getBoundingClientRect();
    const n = nodeAt(e.clientX - rect.left, e.clientY - rect.top);
    if (!n) return;
    if (e.shiftKey) {
      if (folded.has(n.id)) folded.delete(n.id);
      else folded.add(n.id);
      layout();
      draw();
    } else {
      location.href = `${data.base}/programs/${n.id}`;
    }
  });
  canvas.addEventListener("pointerleave", () => {
    tip.hidden = true;
  });
  canvas.addEventListener("wheel", (e) => {
    e.preventDefault();
    const rect = canvas.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    const k = Math.max(0.02, Math.min(12, view.k * Math.exp(-e.deltaY * 0.0015)));
    // Keep the generation and the row under the cursor where they are.
    const depth = (px - view.x) / colPx();
    view.y = py - ((py - view.y) * k) / view.k;
    view.k = k;
    view.x = px - depth * colPx();
    moved = true;
    requestAnimationFrame(draw);
  }, { passive: false });
  hideFailed.addEventListener("change", () => {
    layout();
    fit();
  });
  colourBy.addEventListener("change", () => {
    renderLegend();
    draw();
  });
  document.getElementById("tree-fit").addEventListener("click", () => {
    moved = false;
    fit();
  });
  document.getElementById("tree-best").addEventListener("click", () => {
    moved = true;
    fit(nodes.filter((n) => n.best));
  });
  new ResizeObserver(() => (moved ? draw() : fit())).observe(wrap);
  document.addEventListener("specevolve:data", (e) => {
    data = e.detail;
    layout();
    renderLegend();
    if (moved) draw();
    else fit();
  });

  // A small inspection surface for tests and the console: where a program is drawn, and how many.
  globalThis.specevolveLineage = {
    positionOf(id) {
      const n = byId.get(id);
      if (!n) return null;
      const rect = canvas.getBoundingClientRect();
      return { x: rect.left + sx(n), y: rect.top + sy(n) };
    },
    focus(id) {
      const n = byId.get(id);
      if (!n) return false;
      moved = true;
      view.x = wrap.clientWidth / 2 - n.depth * colPx();
      view.y = wrap.clientHeight / 2 - n.y * view.k;
      draw();
      return true;
    },
    visible: () => nodes.length,
    bestPath: () => data.lineage.bestPath.slice(),
  };
  layout();
  renderLegend();
  fit();
  performance.mark("specevolve:lineage");
})();
