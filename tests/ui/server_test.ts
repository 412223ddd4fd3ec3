import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { join, relative } from "node:path";
import { score } from "../../src/ui/pages/_format.ts";
import { makeFixtureRun } from "../../bench/_fixture_run.ts";
import { pageData, scriptTags, squash, withServer } from "./_server.ts";

const SAFE_SCRIPT =
  /^<script (defer src="\/assets\/[\w./-]+\?v=[0-9a-f]{12}"|type="application\/json" id="page-data")>$/;

function assertOnlySafeScripts(html: string): void {
  for (const tag of scriptTags(html)) {
    assert.match(tag, SAFE_SCRIPT, `unexpected script tag ${tag}`);
  }
}

Deno.test("startUiServer() lists each run with spec, status, iterations, best train and holdout", async () => {
  await withServer(async ({ server, run, root }) => {
    const live = makeFixtureRun(root, { programs: 5, running: true, seed: 3 });
    try {
      const res = await fetch(`${server.url}/`, {
        headers: { authorization: `Bearer ${server.token}` },
      });
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.ok(html.includes(`href="/runs/${run.name}"`));
      assert.ok(html.includes(`href="/runs/${live.name}"`));
      assert.match(html, /<span class="badge finished"[^>]*>finished<\/span>/);
      assert.match(html, /<span class="badge running"[^>]*>running<\/span>/);
      assert.ok(
        html.includes(`>${score(run.bestTrain)}</a>`),
        "best train score links its program",
      );
      assert.ok(html.includes("$0.08"), "cost of 40 LLM calls at $0.002");
      assert.ok(html.includes(">40 / 40<"), "iterations done / target");
      assert.match(html, /<td class="num gain">\+0\.\d{4}<\/td>/, "gain over initial");
      assert.match(
        html,
        /<span class="muted">#\d+<\/span> change \d+ &lt;i&gt;/,
        "best's description",
      );
      assert.doesNotMatch(html, /no improvement/, "both runs found a better program");
    } finally {
      live.store.close();
    }
  });
});

Deno.test("run page shows the headline figures and embeds chart and lineage data", async () => {
  await withServer(async ({ fetch, run }) => {
    const res = await fetch(`/runs/${run.name}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assertOnlySafeScripts(html);
    assert.ok(html.includes(`>${score(run.bestTrain)}</a>`));
    const data = pageData(html) as {
      charts: {
        candidates: { id: number[] };
        best: { id: number[] };
        funnel: { proposed: number };
      };
      lineage: { id: number[]; bestPath: number[] };
    };
    assert.equal(data.lineage.id.length, 41);
    assert.equal(data.charts.candidates.id.length, 41);
    assert.equal(data.charts.best.id.at(-1), run.bestId);
    assert.equal(data.lineage.bestPath[0], run.initialId);
    assert.equal(data.lineage.bestPath.at(-1), run.bestId);
    for (
      const id of ["chart-score", "chart-failures", "chart-usage", "chart-rate", "lineage-canvas"]
    ) {
      assert.ok(html.includes(`id="${id}"`), `${id} is on the page`);
    }
    assert.match(html, /<text x="142" y="\d+" text-anchor="end">typecheck<\/text>/, "funnel row");
  });
});

Deno.test("program page escapes a hostile source, LLM answer, description and failure text", async () => {
  await withServer(async ({ fetch, run }) => {
    const res = await fetch(`/runs/${run.name}/programs/${run.hostileId}`);
    assert.equal(res.status, 200);
    const csp = res.headers.get("content-security-policy") ?? "";
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    const html = await res.text();
    assertOnlySafeScripts(html);
    assert.ok(!html.includes("<script>alert"), "no raw script from the source or the answer");
    assert.ok(!/<img src=x/i.test(html), "no raw img from the source or the answer");
    assert.ok(!html.includes("<i>in place</i>"), "description is text");
    assert.ok(html.includes("&lt;/script&gt;&lt;script&gt;alert"), "source shown as text");
    assert.ok(
      html.includes("Sure! &lt;script&gt;alert(&quot;answer&quot;)"),
      "raw answer shown as text",
    );
    assert.ok(html.includes("Improve program #"), "prompt shown");
  });
});

Deno.test("program page shows stages, the broken rule, its counterexample and metrics per workload", async () => {
  await withServer(async ({ fetch, run }) => {
    const spec = join(import.meta.dirname!, "../../specs/eplb.yaml");
    await Deno.writeTextFile(join(run.dir, "invocation.json"), JSON.stringify({ spec, seed: 1 }));
    const failed = await (await fetch(`/runs/${run.name}/programs/${run.failedId}`)).text();
    assertOnlySafeScripts(failed);
    assert.ok(!failed.includes("<svg onload"), "failure message escaped");
    assert.ok(failed.includes("&lt;svg onload=alert(&quot;message&quot;)&gt; broke"));
    assert.ok(failed.includes("<code>every-expert-served</code>"), "the rule that broke");
    assert.ok(failed.includes("&lt;b&gt;(no dropped requests)&lt;/b&gt;"), "rule doc escaped");
    assert.match(
      failed,
      /&quot;weight&quot;: \[\n\s+\[1,2,3\],\n\s+\[4,5,6\]\n\s+\]/,
      "counterexample: a row per line",
    );
    assert.match(
      failed,
      /<mark class="witness"> {2}&quot;logcnt&quot;: \[\n\s+\[0,2,2\]\n\s+\]<\/mark>/,
      "the output pretty-printed, the field the broken rule reads marked",
    );
    const command = `deno task check ${
      relative(Deno.cwd(), spec)
    } --program program-${run.failedId}.ts --seed 42 --path 0:1`;
    assert.ok(failed.includes(`<pre class="command">${command}</pre>`), "replay as a command");
    assert.ok(failed.includes(`data-copy="${command}"`), "with a copy button");
    const best = squash(await (await fetch(`/runs/${run.name}/programs/${run.bestId}`)).text());
    for (
      const text of ["train-0.json", "train-1.json", "holdout-0.json", "balancedness", "runtime_ms"]
    ) {
      assert.ok(best.includes(text), `${text} in the metrics`);
    }
    assert.match(best, /<td>properties<\/td><td><span class="ok">passed<\/span>/);
    assert.ok(best.includes("d2h-file-side-diff"), "side-by-side diff by default");
    const unified = await (await fetch(`/runs/${run.name}/programs/${run.bestId}?diff=unified`))
      .text();
    assert.ok(unified.includes("d2h-file-diff") && !unified.includes("d2h-file-side-diff"));
  });
});

Deno.test("compare page puts two programs' scores, metrics and diff side by side", async () => {
  await withServer(async ({ fetch, run }) => {
    const res = await fetch(`/runs/${run.name}/compare?a=${run.initialId}&b=${run.bestId}`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assertOnlySafeScripts(html);
    assert.ok(html.includes(`#${run.initialId} → #${run.bestId}`));
    assert.ok(html.includes(score(0.3)) && html.includes(score(run.bestTrain)));
    assert.ok(html.includes(`+${score(run.bestTrain - 0.3)}`), "train score change");
    assert.ok(html.includes("d2h-wrapper"));
    assert.doesNotMatch(html, /RENAMED/i, "a parent → child diff is not a rename");
    assert.match(html, /the score formula is not shown: .*invocation\.json cannot be read/);
    assert.equal((await fetch(`/runs/${run.name}/compare?a=1&b=99999`)).status, 404);
    assert.equal((await fetch(`/runs/${run.name}/compare?a=x&b=1`)).status, 400);
  });
});

Deno.test("compare page shows the spec's score formula and each metric's goal, change and verdict", async () => {
  await withServer(async ({ fetch, run }) => {
    const spec = join(import.meta.dirname!, "../../specs/eplb.yaml");
    await Deno.writeTextFile(join(run.dir, "invocation.json"), JSON.stringify({ spec, seed: 1 }));
    const res = await fetch(`/runs/${run.name}/compare?a=${run.initialId}&b=${run.bestId}`);
    const page = squash(await res.text());
    assert.match(page, /<pre class="formula">score = 0\.9 \* balancedness \+ 0\.1 \* clamp\(/);
    assert.match(page, /<th>balancedness<\/th><td class="goal">↑ higher<\/td>/);
    assert.match(page, /<th>runtime_ms<\/th><td class="goal">↓ lower<\/td>/);
    assert.match(page, /<td class="better">better<\/td>/, "the best's higher balancedness");
    assert.match(
      page,
      /<th><b>score<\/b><\/th>.*?<td class="better">better<\/td>/,
      "runtime did not move",
    );
    assert.doesNotMatch(page, /noise unknown/, "no timed metric moved, so no noise to doubt");
  });
});

Deno.test("lineage page and JSON data carry every program", async () => {
  await withServer(async ({ fetch, run }) => {
    const page = await (await fetch(`/runs/${run.name}/lineage`)).text();
    assert.equal((pageData(page).lineage as { id: number[] }).id.length, 41);
    const json = await (await fetch(`/runs/${run.name}/api/run.json`)).json();
    assert.equal(json.summary.best.id, run.bestId);
    assert.equal(json.lineage.id.length, 41);
  });
});

Deno.test("a pending program says it is not evaluated yet; the raw source is plain text", async () => {
  await withServer(async ({ fetch, run }) => {
    const html = await (await fetch(`/runs/${run.name}/programs/${run.pendingId}`)).text();
    assert.ok(html.includes("not evaluated yet"));
    const raw = await fetch(`/runs/${run.name}/programs/${run.hostileId}/source`);
    assert.equal(raw.headers.get("content-type"), "text/plain; charset=utf-8");
    assert.equal(raw.headers.get("x-content-type-options"), "nosniff");
    assert.ok((await raw.text()).includes("</script><script>"), "served verbatim, as text");
  }, { fixture: { programs: 6, running: true } });
});

Deno.test("unknown runs, programs, traversal attempts and methods get 404, 400 and 405", async () => {
  await withServer(async ({ fetch, run }) => {
    const drain = async (path: string, init?: RequestInit) => {
      const res = await fetch(path, init);
      await res.body?.cancel();
      return res.status;
    };
    assert.equal(await drain("/runs/nope"), 404);
    assert.equal(await drain("/runs/..%2F..%2Fetc"), 404);
    assert.equal(await drain(`/runs/${run.name}/programs/0`), 400);
    assert.equal(await drain(`/runs/${run.name}/programs/abc`), 400);
    assert.equal(await drain(`/runs/${run.name}/programs/99999`), 404);
    assert.equal(await drain(`/runs/%E0%A4%A`), 400);
    assert.equal(await drain(`/runs/${run.name}`, { method: "DELETE" }), 405);
    assert.equal(await drain("/nothing/here"), 404);
    assert.equal(await drain("/assets/../../deno.json"), 404);
  });
});

Deno.test("assets come from this server with content types and immutable caching by hash", async () => {
  await withServer(async ({ fetch, run }) => {
    const html = await (await fetch(`/runs/${run.name}`)).text();
    const urls = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.ok(urls.some((u) => u.startsWith("/assets/vendor/uplot.js")));
    assert.ok(urls.some((u) => u.startsWith("/assets/vendor/d3-hierarchy.js")));
    for (const url of urls) {
      const res = await fetch(url.replaceAll("&amp;", "&"));
      assert.equal(res.status, 200, url);
      assert.match(res.headers.get("content-type") ?? "", /^text\/(javascript|css)/);
      assert.match(res.headers.get("cache-control") ?? "", /immutable/);
      assert.ok((await res.arrayBuffer()).byteLength > 100);
    }
  });
});

Deno.test("pages never write to the run database", async () => {
  await withServer(async ({ fetch, run }) => {
    const db = new DatabaseSync(join(run.dir, "run.db"), { readOnly: true });
    const version = () =>
      (db.prepare("PRAGMA data_version").get() as { data_version: number }).data_version;
    const before = version();
    for (
      const path of [
        "/",
        `/runs/${run.name}`,
        `/runs/${run.name}/programs/1`,
        `/runs/${run.name}/lineage`,
      ]
    ) {
      await (await fetch(path)).arrayBuffer();
    }
    assert.equal(version(), before, "no other connection committed");
    db.close();
  });
});

Deno.test("a folder whose run.db is not a run database shows as an error row", async () => {
  await withServer(async ({ fetch, root }) => {
    await Deno.mkdir(join(root, "broken-run"));
    await Deno.writeTextFile(join(root, "broken-run", "run.db"), "not sqlite at all");
    const html = squash(await (await fetch("/")).text());
    assert.match(
      html,
      /broken-run<\/a><\/td><td colspan="9" class="error">ui: [^<]*not a run database/,
    );
  });
});

Deno.test("pages, data and assets come gzipped when the client accepts gzip, plain otherwise", async () => {
  await withServer(async ({ fetch, run }) => {
    for (const path of [`/runs/${run.name}`, `/runs/${run.name}/api/run.json`, "/assets/app.css"]) {
      const zipped = await fetch(path, { headers: { "accept-encoding": "gzip" } });
      assert.equal(zipped.headers.get("content-encoding"), "gzip", path);
      assert.match(zipped.headers.get("vary") ?? "", /Accept-Encoding/);
      const text = await zipped.text();
      const plain = await fetch(path, { headers: { "accept-encoding": "identity" } });
      assert.equal(plain.headers.get("content-encoding"), null, path);
      assert.equal(await plain.text(), text, "the same body either way");
    }
    const refused = await fetch("/", { headers: { "accept-encoding": "gzip;q=0" } });
    assert.equal(refused.headers.get("content-encoding"), null);
    await refused.body?.cancel();
  });
});
