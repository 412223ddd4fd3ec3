// Keeps a page current without reload: on each "change" event from the server it asks for what
// changed since the version it has (`x-live-version`; the server answers a delta, see _delta.ts):
// the live parts whose markup changed, swapped in by id, and a patch of #page-data, applied and
// handed to the charts and the tree. Markup is parsed inertly (DOMParser runs no script).
"use strict";
(() => {
  const url = document.body.dataset.live;
  if (!url) return;
  const status = document.getElementById("live-status");
  const MIN_GAP_MS = 800;
  let busy = false;
  let again = false;
  let last = 0;

  const setStatus = (text, on) => {
    if (!status) return;
    status.textContent = text;
    status.className = on ? "live on" : "live off";
  };

  /** The same rules as applyPatch() in src/ui/_delta.ts. */
  function apply(value, patch) {
    if ("set" in patch) return patch.set;
    if ("tail" in patch) return [...value.slice(0, patch.from), ...patch.tail];
    const out = { ...value };
    for (const [k, p] of Object.entries(patch.keys)) out[k] = apply(out[k], p);
    return out;
  }

  async function refresh() {
    if (busy || document.hidden) {
      again = true;
      return;
    }
    const wait = last + MIN_GAP_MS - Date.now();
    if (wait > 0) {
      busy = true;
      await new Promise((r) => setTimeout(r, wait));
    }
    busy = true;
    last = Date.now();
    try {
      const res = await fetch(location.href, {
        cache: "no-store",
        headers: {
          accept: "application/json",
          "x-live-version": document.body.dataset.version ?? "0",
        },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const delta = await res.json();
      for (const [id, markup] of Object.entries(delta.parts)) {
        const el = document.getElementById(id);
        const doc = new DOMParser().parseFromString(`<body>${markup}</body>`, "text/html");
        const fresh = doc.getElementById(id);
        if (!el || !fresh) continue;
        if (el.tagName === "DETAILS") fresh.open = el.open;
        el.replaceWith(document.importNode(fresh, true));
      }
      const mine = document.getElementById("page-data");
      if (delta.data && mine) {
        const data = apply(JSON.parse(mine.textContent), delta.data);
        mine.textContent = JSON.stringify(data);
        document.dispatchEvent(new CustomEvent("specevolve:data", { detail: data }));
      }
      document.body.dataset.version = String(delta.version);
      document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes ?? 0) + 1);
      setStatus("live", true);
    } catch (e) {
      setStatus(`live (refresh failed: ${e.message})`, false);
    } finally {
      busy = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && again) {
      again = false;
      refresh();
    }
  });
  const source = new EventSource(url);
  source.addEventListener("change", refresh);
  source.addEventListener("open", () => setStatus("live", true));
  source.addEventListener("error", () => setStatus("reconnecting…", false));
})();
