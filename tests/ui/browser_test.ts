// Drives the UI in headless Chromium over a run made by a real offline evolution of EPLB (spec
// loader, sandbox, cascade, AST mutator, engine): live updates, steering from the page, charts,
// lineage clicks, program pages, and that hostile text never executes. Screenshots go to a temp
// folder (printed). Skips, saying why, only where Chromium is missing; under CI=true it fails instead.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { SqliteStore } from "../../src/evolve/database/mod.ts";
import { startUiServer } from "../../src/ui/mod.ts";
import { score } from "../../src/ui/pages/_format.ts";
import { chromiumMissing, launchChromium } from "../../bench/_browser.ts";
import { HOSTILE_ANSWER } from "../../bench/_fixture_run.ts";
import { REAL_SPEC, realOfflineRun } from "./_real_run.ts";
import { type Seen, watchedPage } from "./_watched_page.ts";

const NAME = "UI in Chromium: live run, steering, charts, lineage, programs, no script injection";
const missing = chromiumMissing();
const inCi = Deno.env.get("CI") === "true";
if (missing && !inCi) console.warn(`SKIPPING browser test: ${missing}`);

/** A program to inject from the page: the spec's initial one plus a line of hostile text. */
async function hostileInjection(): Promise<string> {
  const initial = await Deno.readTextFile(new URL("../../specs/eplb/initial.ts", import.meta.url));
  return `${initial}\nexport const note = "</script><script>alert('inject')</script><img src=x onerror=alert(2)>";\n`;
}

const WAIT = { timeout: 180_000 };

async function badge(page: Page): Promise<string> {
  return (await page.locator("#status .badge").textContent())?.trim() ?? "";
}

Deno.test({
  name: NAME,
  ignore: missing !== undefined && !inCi,
  // playwright keeps its own pipes and timers to the browser process between calls.
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    if (missing) throw new Error(`browser test cannot run under CI=true: ${missing}`);
    const root = await Deno.makeTempDir({ prefix: "specevolve-ui-browser-" });
    const shots = Deno.env.get("UI_SCREENSHOTS_DIR") ??
      await Deno.makeTempDir({ prefix: "specevolve-ui-shots-" });
    await Deno.mkdir(shots, { recursive: true });
    console.log(`browser test: screenshots in ${shots}`);
    const started = Promise.withResolvers<string>();
    const stop = new AbortController();
    // The engine starts paused (as after `deno task steer pause`), so the page drives the pace.
    const running = realOfflineRun({
      root,
      iterations: 8,
      runs: 20,
      signal: stop.signal,
      onStarted: (dir, store) => {
        store.addEvent({ kind: "steer", payload: { kind: "pause" } });
        started.resolve(dir);
      },
    });
    running.catch((e) => {
      console.error("browser test: the evolution failed:", e);
      started.reject(e);
    });
    const runDir = await started.promise;
    const runName = runDir.split("/").pop()!;
    const server = await startUiServer({ root, port: 0, pollMs: 250 });
    const browser = await launchChromium();
    const seen: Seen = { dialogs: [], errors: [] };
    try {
      const { page } = await watchedPage(browser, { width: 1440, height: 900 }, seen);

      await t.step("runs list shows the live run", async () => {
        // The URL the server prints: the token once, then the HttpOnly cookie carries it.
        await page.goto(`${server.url}/?token=${server.token}`);
        assert.equal(new URL(page.url()).search, "", "token dropped from the address bar");
        await page.waitForSelector(`a[href="/runs/${runName}"]`);
        assert.match(await page.locator("#runs").textContent() ?? "", /eplb/);
        await page.screenshot({ path: `${shots}/runs.png`, fullPage: true });
      });

      await t.step("run page updates live while steering from the page", async () => {
        await page.click(`a[href="/runs/${runName}"]`);
        await page.waitForSelector("body[data-charts=ready]");
        await page.waitForFunction(
          () => document.querySelector("#status .badge")?.textContent?.includes("paused"),
          null,
          WAIT,
        );
        // A marker on window survives only if the page is never reloaded.
        await page.evaluate(() => Object.assign(globalThis, { uiMarker: 42 }));
        const points = Number(await page.getAttribute("#chart-score", "data-points"));
        await page.click("#resume");
        await page.waitForSelector("text=Resume sent.");
        await page.evaluate(() => Object.assign(globalThis, { uiMarker: 42 }));
        await page.waitForFunction(
          (n) => Number(document.getElementById("chart-score")?.dataset.points) > n,
          points,
          WAIT,
        );
        assert.equal(await page.evaluate(() => (globalThis as { uiMarker?: number }).uiMarker), 42);
        assert.equal(await badge(page), "running");
        await page.click("#pause");
        await page.waitForSelector("text=Pause sent.");
        await page.waitForFunction(
          () => document.querySelector("#status .badge")?.textContent?.includes("paused"),
          null,
          WAIT,
        );
        await page.fill("input[name=text]", "prefer the heaviest expert <b>first</b>");
        await page.click("#send-hint");
        await page.waitForSelector("text=Hint sent.");
        await page.click("summary:has-text('Inject a program')");
        await page.fill("textarea[name=source]", await hostileInjection());
        await page.fill("input[name=description]", "hand-made <i>variant</i>");
        await page.click("#send-inject");
        await page.waitForSelector("text=Program sent for evaluation.");
        await page.evaluate(() => Object.assign(globalThis, { uiMarker: 42 }));
        await page.waitForFunction(
          () =>
            document.getElementById("steer-state")?.textContent?.includes("prefer the heaviest"),
          null,
          WAIT,
        );
        await page.click("#resume");
        await page.waitForSelector("text=Resume sent.");
        await page.evaluate(() => Object.assign(globalThis, { uiMarker: 42 }));
        await running;
        await page.waitForFunction(
          () => document.querySelector("#status .badge")?.textContent?.includes("finished"),
          null,
          WAIT,
        );
        assert.equal(
          await page.evaluate(() => (globalThis as { uiMarker?: number }).uiMarker),
          42,
          "no reload",
        );
      });

      const store = SqliteStore.open(`${runDir}/run.db`);
      const programs = store.listPrograms();
      const evaluated = programs.filter((p) => p.evaluation);
      const best = programs.filter((p) => p.evaluation?.ok)
        .sort((a, b) => b.evaluation!.train!.score - a.evaluation!.train!.score || a.id - b.id)[0];
      const injected = programs.find((p) => p.proposer === "human");
      assert.ok(injected, "the program injected from the page was stored");
      assert.ok(
        store.listEvents(["hint"]).some((e) => JSON.stringify(e.payload).includes("heaviest")),
      );
      // The offline run made no LLM call; one hostile answer is recorded for the injected program.
      store.addLlmCall({
        iteration: injected.iteration,
        model: "test-model",
        prompt: "<h1>prompt</h1>",
        response: HOSTILE_ANSWER,
        inputTokens: 10,
        outputTokens: 20,
        costUsd: 0.001,
        ms: 5,
      });
      store.close();

      await t.step("charts and figures show the run's real numbers", async () => {
        await page.reload();
        await page.waitForSelector("body[data-charts=ready]");
        assert.equal(
          Number(await page.getAttribute("#chart-score", "data-points")),
          evaluated.length,
        );
        assert.equal(await page.locator("#chart-score .uplot canvas").count() > 0, true);
        assert.equal(await page.locator("#chart-failures .uplot").count(), 1);
        const stats = await page.locator("#stats").textContent() ?? "";
        assert.ok(stats.includes(score(best.evaluation!.train!.score)), stats);
        assert.equal(
          Number(await page.getAttribute("#lineage-canvas", "data-total")),
          programs.length,
        );
        await page.screenshot({ path: `${shots}/run.png`, fullPage: true });
      });

      await t.step("clicking a node of the best path opens that program", async () => {
        const path: number[] = await page.evaluate(() =>
          (globalThis as unknown as { specevolveLineage: { bestPath(): number[] } })
            .specevolveLineage.bestPath()
        );
        assert.equal(path.at(-1), best.id);
        await page.locator("#lineage").scrollIntoViewIfNeeded();
        const target = path.at(-1)!;
        await page.evaluate(
          (id) =>
            (globalThis as unknown as { specevolveLineage: { focus(id: number): boolean } })
              .specevolveLineage.focus(id),
          target,
        );
        const at = await page.evaluate(
          (id) =>
            (globalThis as unknown as {
              specevolveLineage: { positionOf(id: number): { x: number; y: number } };
            })
              .specevolveLineage.positionOf(id),
          target,
        );
        await page.mouse.move(at.x, at.y);
        await page.waitForSelector("#tree-tip:not([hidden])");
        assert.match(
          await page.locator("#tree-tip").textContent() ?? "",
          new RegExp(`#${target} `),
        );
        await page.mouse.click(at.x, at.y);
        await page.waitForURL(`**/runs/${runName}/programs/${target}`);
        assert.match(
          await page.locator("h1").textContent() ?? "",
          new RegExp(`Program #${target}`),
        );
        const train = await page.locator("#program-stats .stat").first().textContent() ?? "";
        assert.ok(train.includes(score(best.evaluation!.train!.score)), train);
        assert.ok(
          await page.locator("text=holdout-0.json.gz").count() > 0,
          "per-workload holdout metrics",
        );
        await page.screenshot({ path: `${shots}/program-best.png`, fullPage: true });
      });

      await t.step("the injected program and a hostile LLM answer render as text", async () => {
        await page.goto(`${server.url}/runs/${runName}/programs/${injected.id}`);
        const source = await page.locator("#source").textContent() ?? "";
        assert.ok(source.includes("</script><script>alert('inject')</script>"), "shown verbatim");
        assert.ok(await page.locator("text=hand-made <i>variant</i>").count() > 0);
        const answer = await page.locator("pre.answer").textContent() ?? "";
        assert.ok(answer.includes(`<script>alert("answer")</script>`));
        assert.equal(
          await page.locator("#llm img, #source img, #source script, #llm script").count(),
          0,
        );
        await page.goto(`${server.url}/runs/${runName}/programs/${injected.id}?diff=unified`);
        await page.goto(`${server.url}/runs/${runName}/compare?a=${programs[0].id}&b=${best.id}`);
        await page.screenshot({ path: `${shots}/compare.png`, fullPage: true });
        await page.goto(`${server.url}/runs/${runName}/lineage`);
        await page.waitForFunction(() =>
          Number(document.getElementById("lineage-canvas")?.dataset.nodes) > 0
        );
        await page.screenshot({ path: `${shots}/lineage.png` });
      });

      assert.deepEqual(seen.dialogs, [], "no script from run data ran");
      assert.deepEqual(seen.errors, [], "no script errors or CSP violations");
      console.log(`browser test: spec ${REAL_SPEC}, ${programs.length} programs, best #${best.id}`);
    } finally {
      await browser.close();
      await server.close();
      stop.abort();
      await running.catch(() => {});
      await Deno.remove(root, { recursive: true });
    }
  },
});
