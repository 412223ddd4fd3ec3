// Steering helpers: "start from the best program" fills the inject form with that program's
// source (fetched as plain text, set as a textarea value: never parsed as markup).
"use strict";
(() => {
  document.addEventListener("click", async (event) => {
    const button = event.target.closest?.("[data-load-source]");
    if (!button) return;
    const form = button.closest("form");
    const area = form?.querySelector("textarea[name=source]");
    if (!area) return;
    button.disabled = true;
    try {
      const res = await fetch(button.dataset.loadSource, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      area.value = await res.text();
      const description = form.querySelector("input[name=description]");
      if (description && !description.value) {
        description.value = `edited from ${button.textContent.match(/#\d+/)?.[0] ?? "best"}`;
      }
    } catch (e) {
      area.value = `// could not load the source: ${e.message}`;
    } finally {
      button.disabled = false;
    }
  });
})();
