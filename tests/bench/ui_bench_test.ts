// Tests the UI benchmark's figures on a small run: every page measured, sizes and times sane.
import assert from "node:assert/strict";
import { runUiBench } from "../../bench/ui_bench.ts";

Deno.test("runUiBench() measures each page's server time and weight with its assets", async () => {
  const f = await runUiBench({ programs: 30, runs: 1, browser: false });
  assert.equal(f.programs, 31);
  const paths = f.pages.map((p) => p.path.replace(/eplb-[\dT-]+/, "<run>"));
  assert.deepEqual(paths.slice(0, 3), ["/", "/runs/<run>", "/runs/<run>/lineage"]);
  assert.match(paths[3], /^\/runs\/<run>\/programs\/\d+$/);
  assert.match(paths[4], /^\/runs\/<run>\/compare\?a=\d+&b=\d+$/);
  for (const p of f.pages) {
    assert.ok(p.serverMs > 0 && Number.isFinite(p.serverMs), p.path);
    assert.ok(p.htmlGzipBytes < p.htmlBytes, `${p.path}: html compresses`);
    assert.ok(p.totalBytes > p.htmlBytes, `${p.path}: assets counted`);
    assert.ok(p.totalGzipBytes < p.totalBytes);
  }
  assert.equal(f.browser, undefined);
  assert.equal(f.browserSkipped, "not asked for");
});
