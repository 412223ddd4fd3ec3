// Keeps a page current without reload: on each "change" event from the server it fetches the page
// again and swaps in the fresh parts (elements with data-refresh and an id), then hands the new
// #page-data to the charts and the tree. Fetched markup is parsed inertly (DOMParser runs no script).
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
        headers: { accept: "text/html" },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      for (const el of document.querySelectorAll("[data-refresh][id]")) {
        const fresh = doc.getElementById(el.id);
        if (!fresh) continue;
        if (el.tagName === "DETAILS") fresh.open = el.open;
        el.replaceWith(document.importNode(fresh, true));
      }
      const data = doc.getElementById("page-data");
      const mine = document.getElementById("page-data");
      if (data && mine) {
        mine.textContent = data.textContent;
        document.dispatchEvent(
          new CustomEvent("specevolve:data", { detail: JSON.parse(data.textContent) }),
        );
      }
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
