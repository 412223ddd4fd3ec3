// Copy buttons: a `data-copy` button puts its text (an attribute value, never markup) on the
// clipboard and says so; where the clipboard is refused it selects the command beside it instead.
"use strict";
(() => {
  document.addEventListener("click", async (event) => {
    const button = event.target.closest?.("[data-copy]");
    if (!button) return;
    try {
      await navigator.clipboard.writeText(button.dataset.copy);
      button.textContent = "copied";
    } catch {
      const pre = button.parentElement?.querySelector("pre");
      if (pre) getSelection()?.selectAllChildren(pre);
      button.textContent = "selected: press Ctrl-C";
    }
    setTimeout(() => (button.textContent = "copy"), 2000);
  });
})();
