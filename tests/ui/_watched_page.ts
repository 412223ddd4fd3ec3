// Opens a browser page for the UI browser tests that records every dialog (a script from run data
// that ran would open one) and every script error or CSP violation, for the test to assert none.
import type { Browser, BrowserContext, Page } from "playwright-core";

/** What a watched page saw; both lists must stay empty. */
export interface Seen {
  readonly dialogs: string[];
  readonly errors: string[];
}

/** A new context and page of `viewport` size whose dialogs and errors land in `seen`. */
export async function watchedPage(
  browser: Browser,
  viewport: { readonly width: number; readonly height: number },
  seen: Seen,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { ...viewport } });
  context.on("dialog", (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  page.on("pageerror", (e) => seen.errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") seen.errors.push(`console: ${m.text()}`);
  });
  return { context, page };
}
