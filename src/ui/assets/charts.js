// Run page charts with uPlot (served from node_modules): scores over iterations, failures by
// category, tokens and cost, evaluations per minute. Re-drawn from fresh #page-data on updates.
"use strict";
(() => {
  const OK = "#2563eb";
  const FAILURES = [
    "#dc2626",
    "#f59e0b",
    "#9333ea",
    "#db2777",
    "#78716c",
    "#0d9488",
    "#65a30d",
    "#0891b2",
    "#a16207",
    "#be123c",
  ];
  const outcomeColour = (i) => (i === 0 ? OK : FAILURES[(i - 1) % FAILURES.length]);
  const charts = new Map();

  const fmt = (
    v,
  ) => (v === null || v === undefined
    ? "—"
    : Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(3)
    : v.toFixed(4));
  const dots = (label, colour, size = 5) => ({
    label,
    stroke: colour,
    fill: colour,
    width: 0,
    paths: () => null,
    points: { show: true, size, stroke: colour, fill: colour },
    value: (_, v) => fmt(v),
  });

  function scoreChart(c, base) {
    const n = c.candidates.id.length;
    const ok = [...c.candidates.train, ...c.best.holdout].filter((v) => v !== null);
    const lo = ok.length ? ok.reduce((a, b) => Math.min(a, b)) : 0;
    const hi = ok.length ? ok.reduce((a, b) => Math.max(a, b)) : 1;
    // The failed band is a quarter of the plot below the lowest score, with no tick in it, so a
    // failed dot can never be read as a score just under the real ones.
    const gap = Math.max((hi - lo) * 0.25, Math.abs(lo) * 0.05, 1e-6);
    const floor = lo - gap;
    const ids = c.candidates.id;
    const bestById = new Map(c.best.id.map((id, i) => [id, i]));
    const x = c.candidates.iteration;
    const perOutcome = c.outcomes.map((_, k) =>
      c.candidates.outcome.map((o, i) => (o !== k ? null : k === 0 ? c.candidates.train[i] : floor))
    );
    const best = [];
    const holdout = [];
    let current = null;
    for (let i = 0; i < n; i++) {
      const b = bestById.get(c.candidates.id[i]);
      if (b !== undefined) current = c.best.train[b];
      best.push(current);
      holdout.push(b !== undefined ? c.best.holdout[b] : null);
    }
    return {
      data: [x, best, holdout, ...perOutcome],
      series: [
        {
          label: "program",
          // The legend names the program under the cursor; a click opens it (see `open`).
          value: (_, v, _s, i) => (i === null || i === undefined ? "—" : `#${ids[i]} · it. ${v}`),
        },
        {
          label: "best train",
          stroke: "#111827",
          width: 2,
          paths: uPlot.paths.stepped({ align: 1 }),
          points: { show: false },
          spanGaps: true,
          value: (_, v) => fmt(v),
        },
        dots("holdout of best", "#16a34a", 9),
        ...c.outcomes.map((o, k) =>
          k === 0 ? dots("candidate ok", outcomeColour(k)) : {
            ...dots(o, outcomeColour(k)),
            // A failure has no score: the legend says so instead of reading out the floor.
            value: (_, v) => (v === null || v === undefined ? "—" : "failed"),
          }
        ),
      ],
      scales: {
        x: { time: false },
        y: { range: () => [floor - gap * 0.3, hi + gap * 0.3] },
      },
      axes: [{ label: "iteration" }, {
        label: "score",
        size: 70,
        values: (_, ticks) => ticks.map((t) => (t < lo - gap / 2 ? "" : fmt(t))),
      }],
      open: (i) => `${base}/programs/${ids[i]}`,
      // Failed candidates have no score: they sit on a dashed "failed" line below every score.
      hooks: {
        draw: [(u) => {
          const y = u.valToPos(floor, "y", true);
          const ctx = u.ctx;
          ctx.save();
          ctx.strokeStyle = "#94a3b8";
          ctx.setLineDash([4, 4]);
          ctx.beginPath();
          ctx.moveTo(u.bbox.left, y);
          ctx.lineTo(u.bbox.left + u.bbox.width, y);
          ctx.stroke();
          ctx.fillStyle = "#64748b";
          ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
          // At the right end, under the line: clear of the y ticks and of the dots' own row.
          ctx.textAlign = "right";
          ctx.textBaseline = "top";
          ctx.fillText(
            "failed (no score)",
            u.bbox.left + u.bbox.width - 4,
            y + 6 * devicePixelRatio,
          );
          ctx.restore();
        }],
      },
    };
  }

  function failureChart(c) {
    const cats = c.outcomes.slice(1);
    const counts = cats.map(() => 0);
    const series = cats.map(() => []);
    for (const o of c.candidates.outcome) {
      if (o > 0) counts[o - 1]++;
      counts.forEach((v, k) => series[k].push(v));
    }
    return {
      data: [c.candidates.iteration, ...series],
      series: [
        { label: "iteration" },
        ...cats.map((cat, k) => ({
          label: cat,
          stroke: outcomeColour(k + 1),
          width: 2,
          paths: uPlot.paths.stepped({ align: 1 }),
          points: { show: false },
        })),
      ],
      scales: { x: { time: false } },
      axes: [{ label: "iteration" }, { label: "failures (cumulative)" }],
    };
  }

  function usageChart(c) {
    // A line needs two points; a few calls are drawn as dots too.
    const few = c.usage.iteration.length < 40;
    return {
      data: [c.usage.iteration, c.usage.costUsd, c.usage.tokens],
      series: [
        { label: "iteration" },
        {
          label: "cost $",
          stroke: "#b45309",
          width: 2,
          scale: "usd",
          points: { show: few, size: 6 },
          value: (_, v) => (v === null ? "—" : `$${v.toFixed(4)}`),
        },
        {
          label: "tokens",
          stroke: "#6366f1",
          width: 2,
          scale: "tokens",
          points: { show: few, size: 6 },
        },
      ],
      scales: { x: { time: false } },
      axes: [{ label: "iteration" }, { scale: "usd", label: "cost (USD, cumulative)", size: 70 }, {
        scale: "tokens",
        side: 1,
        label: "tokens",
        size: 70,
        grid: { show: false },
      }],
    };
  }

  function rateChart(c) {
    return {
      data: [c.rate.minute, c.rate.perMinute],
      // UTC, as every time on the pages (uPlot draws local time otherwise).
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      series: [{ label: "time (UTC)" }, {
        label: "evaluations / min",
        stroke: "#0d9488",
        fill: "rgba(13,148,136,0.35)",
        paths: uPlot.paths.bars({ size: [0.85, 40] }),
        points: { show: false },
      }],
      axes: [{
        label: `time (UTC), ${
          c.rate.bucketSeconds >= 60
            ? `${Math.round(c.rate.bucketSeconds / 60)} min`
            : `${Math.round(c.rate.bucketSeconds)} s`
        } buckets`,
      }, { label: "per minute" }],
    };
  }

  /** A click (not a drag to zoom) on a dot opens the program nearest the cursor. */
  function clickToOpen(chart, url) {
    let down = null;
    chart.over.style.cursor = "pointer";
    chart.over.addEventListener("mousedown", (e) => (down = [e.clientX, e.clientY]));
    chart.over.addEventListener("click", (e) => {
      const moved = down && Math.hypot(e.clientX - down[0], e.clientY - down[1]) > 4;
      const i = chart.cursor.idx;
      if (!moved && i !== null && i !== undefined) location.assign(url(i));
    });
  }

  const BUILDERS = {
    "chart-score": scoreChart,
    "chart-failures": failureChart,
    "chart-usage": usageChart,
    "chart-rate": rateChart,
  };

  function render(data) {
    for (const [id, build] of Object.entries(BUILDERS)) {
      const el = document.getElementById(id);
      if (!el) continue;
      const spec = build(data.charts, data.base);
      const points = spec.data[0].length;
      el.dataset.points = String(points);
      const shape = spec.series.map((s) => s.label).join("|");
      const known = charts.get(id);
      if (points === 0) {
        known?.chart.destroy();
        charts.delete(id);
        el.replaceChildren(
          Object.assign(document.createElement("p"), {
            className: "empty",
            textContent: "Nothing to show yet.",
          }),
        );
        continue;
      }
      if (known && known.shape === shape) {
        known.open = spec.open;
        known.chart.setData(spec.data);
        continue;
      }
      known?.chart.destroy();
      el.replaceChildren();
      const width = Math.max(280, el.clientWidth);
      const chart = new uPlot(
        {
          width,
          height: 260,
          series: spec.series,
          scales: spec.scales,
          axes: spec.axes,
          hooks: spec.hooks,
          tzDate: spec.tzDate,
          legend: { live: true },
          cursor: { drag: { x: true, y: false } },
        },
        spec.data,
        el,
      );
      if (spec.open) clickToOpen(chart, (i) => charts.get(id).open(i));
      charts.set(id, { chart, shape, open: spec.open });
    }
    if (!document.body.dataset.charts) performance.mark("specevolve:charts");
    document.body.dataset.charts = "ready";
  }

  const resize = new ResizeObserver(() => {
    for (const [id, { chart }] of charts) {
      const el = document.getElementById(id);
      if (el && Math.abs(el.clientWidth - chart.width) > 4) {
        chart.setSize({ width: Math.max(280, el.clientWidth), height: 260 });
      }
    }
  });
  const data = document.getElementById("page-data");
  if (!data) return;
  render(JSON.parse(data.textContent));
  for (const id of Object.keys(BUILDERS)) {
    const el = document.getElementById(id);
    if (el) resize.observe(el);
  }
  document.addEventListener("specevolve:data", (e) => render(e.detail));
})();
