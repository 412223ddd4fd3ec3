import assert from "node:assert/strict";
import { applyPatch, diffData, liveParts, PageVersions } from "../../src/ui/_delta.ts";
import { pageData, withServer } from "./_server.ts";

Deno.test("diffData() patches array tails and changed keys, and applyPatch() rebuilds the new data", () => {
  const before = { id: [1, 2, 3], train: [0.1, null, 0.3], islands: 2, name: "x" };
  const after = { id: [1, 2, 3, 4], train: [0.1, 0.2, 0.3, 0.4], islands: 2, name: "x" };
  const patch = diffData(before, after)!;
  assert.deepEqual(patch, {
    keys: { id: { from: 3, tail: [4] }, train: { from: 1, tail: [0.2, 0.3, 0.4] } },
  });
  assert.deepEqual(applyPatch(before, patch), after);
  assert.equal(diffData(after, structuredClone(after)), undefined);
  assert.deepEqual(applyPatch([1, 2, 3], diffData([1, 2, 3], [1])!), [1], "a shorter array");
  const dropped = { a: 1 };
  assert.deepEqual(applyPatch({ a: 1, b: 2 }, diffData({ a: 1, b: 2 }, dropped)!), dropped);
});

Deno.test("liveParts() cuts out each data-refresh element with nested tags of the same name", () => {
  const page = `<main><div id="a" data-refresh><div>x</div><div>y</div></div>` +
    `<p>plain</p><span data-refresh id="b">&lt;div&gt;</span></main>`;
  assert.deepEqual(liveParts(page), {
    a: `<div id="a" data-refresh><div>x</div><div>y</div></div>`,
    b: `<span data-refresh id="b">&lt;div&gt;</span>`,
  });
});

Deno.test("PageVersions.delta() sends only the parts and data that changed since the page's version", () => {
  const page = (n: number, stats: string) =>
    `<body data-live="/l"><div id="stats" data-refresh>${stats}</div><div id="top" data-refresh>t</div>` +
    `<script type="application/json" id="page-data">${
      JSON.stringify({ id: [...Array(n).keys()] })
    }</script></body>`;
  const v = new PageVersions();
  const first = v.delta("/r", page(1000, "1000"), undefined);
  const next = v.delta("/r", page(1002, "1002"), first.version);
  assert.notEqual(next.version, first.version);
  assert.deepEqual(Object.keys(next.parts), ["stats"], "the unchanged top table is not sent");
  assert.deepEqual(next.data, { keys: { id: { from: 1000, tail: [1000, 1001] } } });
  const none = v.delta("/r", page(1002, "1002"), next.version);
  assert.deepEqual(none, { version: next.version, parts: {} }, "nothing changed, nothing sent");
  const unknown = v.delta("/r", page(1002, "1002"), 999);
  assert.deepEqual(Object.keys(unknown.parts).sort(), ["stats", "top"], "an unknown version: all");
});

Deno.test("a live run page gets a version and then a delta far smaller than the page", async () => {
  await withServer(async ({ fetch, run }) => {
    const path = `/runs/${run.name}`;
    const page = await (await fetch(path)).text();
    const version = /<body data-version="(\d+)"/.exec(page)?.[1];
    assert.ok(version, "the page carries its version");
    run.store.addEvent({ kind: "hint", payload: { text: "try a heap" } });
    const res = await fetch(path, { headers: { "x-live-version": version } });
    assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
    const text = await res.text();
    const delta = JSON.parse(text);
    assert.ok(delta.parts["steer-state"]?.includes("try a heap"), "the changed part");
    assert.equal(delta.parts.top, undefined, "unchanged parts stay home");
    assert.ok(text.length * 5 < page.length, `${text.length} bytes against ${page.length}`);
    const full = pageData(page);
    assert.ok(full.charts, "the first view still embeds all its data");
  });
});
