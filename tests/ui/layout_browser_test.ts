// Drives every page in headless Chromium at a laptop (1440x900) and a phone (390x844) size over
// fixture runs (one that improved, one that found nothing): no horizontal page scroll, what each
// page must answer at a glance, chart dots that open programs, hostile text that stays text, a
// CSP without inline scripts, a loopback bind, and a steering post from another origin refused.
// With UI_SCREENSHOTS_DIR set it saves a screenshot of every page at both sizes there (docs/ui/).
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { makeFixtureRun } from "../../bench/_fixture_run.ts";
import { chromiumMissing, launchChromium } from "../../bench/_browser.ts";
import { startUiServer } from "../../src/ui/mod.ts";
import { type Seen, watchedPage } from "./_watched_page.ts";

const missing = chromiumMissing();
const inCi = Deno.env.get("CI") === "true";
if (missing && !inCi) console.warn(`SKIPPING layout browser test: ${missing}`);

const VIEWPORTS = [
  { name: "laptop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** Page width beyond the viewport; 0 when nothing scrolls sideways. */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - globalThis.innerWidth);
}

Deno.test({
  name: "UI in Chromium at 1440x900 and 390x844: every page fits, answers at a glance, stays safe",
  ignore: missing !== undefined && !inCi,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    if (missing) throw new Error(`browser test cannot run under CI=true: ${missing}`);
    const root = await Deno.makeTempDir({ prefix: "specevolve-ui-layout-" });
    const shots = Deno.env.get("UI_SCREENSHOTS_DIR");
    if (shots) await Deno.mkdir(shots, { recursive: true });
    const run = makeFixtureRun(root, { programs: 60, seed: 7, islands: 3 });
    const stuck = makeFixtureRun(root, { programs: 0, seed: 8 });
    const spec = join(import.meta.dirname!, "../../specs/eplb.yaml");
    for (const r of [run, stuck]) {
      await Deno.writeTextFile(join(r.dir, "invocation.json"), JSON.stringify({ spec, seed: 1 }));
    }
    const server = await startUiServer({ root, port: 0, pollMs: 200 });
    const browser = await launchChromium();
    const seen: Seen = { dialogs: [], errors: [] };
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:/, "bound to loopback by default");
      const base = `/runs/${run.name}`;
      const pages = [
        { name: "runs", path: "/" },
        { name: "run", path: base },
        { name: "lineage", path: `${base}/lineage` },
        { name: "program-failed", path: `${base}/programs/${run.failedId}` },
        { name: "program-hostile", path: `${base}/programs/${run.hostileId}` },
        { name: "compare", path: `${base}/compare?a=${run.initialId}&b=${run.bestId}` },
        { name: "run-no-improvement", path: `/runs/${stuck.name}` },
      ];
      for (const vp of VIEWPORTS) {
        const { context, page } = await watchedPage(browser, vp, seen);
        await page.goto(`${server.url}/?token=${server.token}`);
        for (const p of pages) {
          await t.step(`${vp.name}: ${p.name} has no horizontal page scroll`, async () => {
            const res = await page.goto(`${server.url}${p.path}`);
            assert.equal(res?.status(), 200);
            const csp = res?.headers()["content-security-policy"] ?? "";
            assert.match(csp, /script-src 'self'/);
            assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
            await page.waitForLoadState("load");
            if (p.path.startsWith("/runs/") && !p.path.slice(6).includes("/")) {
              await page.waitForSelector("body[data-charts=ready]");
            }
            assert.equal(await overflow(page), 0, `${p.path} scrolls sideways at ${vp.width} px`);
            if (shots) {
              await page.screenshot({ path: `${shots}/${p.name}-${vp.name}.png`, fullPage: true });
            }
          });
        }
        await page.close();
        await context.close();
      }

      const { page } = await watchedPage(browser, VIEWPORTS[0], seen);
      await page.goto(`${server.url}/?token=${server.token}`);

      await t.step("the runs list flags the run that found nothing and shows gains", async () => {
        const rows = await page.locator("#runs tbody tr").allTextContents();
        // Runs made in the same second are named `<name>` and `<name>-2`: match the whole name.
        const rowOf = (name: string) =>
          rows.find((r) => new RegExp(`^\\s*${name}(?!-\\d)`).test(r)) ?? "";
        const stuckRow = rowOf(stuck.name);
        const goodRow = rowOf(run.name);
        assert.match(stuckRow, /no improvement/);
        assert.doesNotMatch(goodRow, /no improvement/);
        assert.match(goodRow, /\+0\.\d{4}/, "gain over initial");
        assert.match(goodRow, /60 \/ 60/, "iterations done / target");
      });

      await t.step(
        "the score chart names the program under the cursor and a click opens it",
        async () => {
          await page.goto(`${server.url}${base}`);
          await page.waitForSelector("body[data-charts=ready]");
          const over = page.locator("#chart-score .u-over");
          const box = (await over.boundingBox())!;
          await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
          const legend = await page.locator("#chart-score .u-legend").textContent() ?? "";
          const id = /#(\d+) · it\. \d+/.exec(legend)?.[1];
          assert.ok(id, `the legend names a program: ${legend}`);
          assert.doesNotMatch(
            legend,
            /exception\s*0\.\d/,
            "a failure is never read out as a score",
          );
          await page.mouse.click(box.x + box.width * 0.6, box.y + box.height / 2);
          await page.waitForURL(`**${base}/programs/${id}`);
        },
      );

      await t.step(
        "steering is folded on a finished run and says hints reach no offline proposer",
        async () => {
          await page.goto(`${server.url}/runs/${stuck.name}`);
          assert.equal(await page.locator("details#steer").count(), 1);
          assert.equal(await page.locator("details#steer[open]").count(), 0);
          assert.equal(await page.locator("#pause").isVisible(), false, "not in the prime spot");
          await page.click("details#steer summary");
          assert.match(await page.locator("#hint-note").textContent() ?? "", /does not read hints/);
          assert.equal(
            (await page.locator("#best-path summary").textContent())?.trim(),
            "Best path (1 program)",
          );
        },
      );

      await t.step(
        "a steering post from another origin is refused and writes nothing",
        async () => {
          const other = Deno.serve(
            { hostname: "127.0.0.1", port: 0, onListen: () => {} },
            () =>
              new Response("<!doctype html><title>elsewhere</title>", {
                headers: { "content-type": "text/html" },
              }),
          );
          try {
            const before = run.store.listEvents(["steer"]).length;
            // A page of its own: the refused fetch logs a network error there, which is the point.
            const elsewhere = await page.context().newPage();
            await elsewhere.goto(`http://127.0.0.1:${other.addr.port}/`);
            const answers = await elsewhere.evaluate(async ([url, token]) => {
              const body = new URLSearchParams({ token, kind: "pause" });
              const cors = await fetch(url, { method: "POST", body, credentials: "include" })
                .then((r) => String(r.status), (e) => `blocked: ${e.message}`);
              const opaque = await fetch(url, {
                method: "POST",
                body,
                mode: "no-cors",
                credentials: "include",
              }).then((r) => r.type, (e) => `blocked: ${e.message}`);
              return [cors, opaque];
            }, [`${server.url}${base}/control`, server.controlToken] as const);
            assert.notEqual(answers[0], "303", `a cross-origin post was taken: ${answers}`);
            assert.equal(run.store.listEvents(["steer"]).length, before, "no command written");
          } finally {
            await other.shutdown();
          }
        },
      );

      await t.step("hostile text in the lineage tooltip and the diff stays text", async () => {
        await page.goto(`${server.url}${base}/compare?a=${run.initialId}&b=${run.hostileId}`);
        assert.equal(await page.locator(".d2h-wrapper script, .d2h-wrapper img").count(), 0);
        await page.goto(`${server.url}${base}/lineage`);
        await page.waitForFunction(() =>
          Number(document.getElementById("lineage-canvas")?.dataset.nodes) > 0
        );
        const at = await page.evaluate(
          (id) =>
            (globalThis as unknown as {
              specevolveLineage: {
                focus(id: number): boolean;
                positionOf(id: number): { x: number; y: number };
              };
            }).specevolveLineage.focus(id) &&
            (globalThis as unknown as {
              specevolveLineage: { positionOf(id: number): { x: number; y: number } };
            }).specevolveLineage.positionOf(id),
          run.hostileId,
        );
        assert.ok(at);
        await page.mouse.move(at.x, at.y);
        await page.waitForSelector("#tree-tip:not([hidden])");
        assert.equal(await page.locator("#tree-tip *").count(), 0, "the tooltip is plain text");
      });

      assert.deepEqual(seen.dialogs, [], "no script from run data ran");
      assert.deepEqual(seen.errors, [], "no script errors or CSP violations");
    } finally {
      await browser.close();
      await server.close();
      run.store.close();
      stuck.store.close();
      await Deno.remove(root, { recursive: true });
    }
  },
});
