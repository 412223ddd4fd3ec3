import assert from "node:assert/strict";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import { createRunDir, runDbPath } from "../../../src/evolve/database/run_dir.ts";
import { EvolveError, exitCodeOf } from "../../../src/errors/mod.ts";
import {
  buildRunReport,
  renderBestProgram,
  renderRunHtml,
  renderRunJson,
  renderRunMarkdown,
  writeRunReports,
} from "../../../src/report/mod.ts";
import { fakeRunDir, hostileRunDir, XSS } from "./_runs.ts";

function hostileReport() {
  const store = SqliteStore.open(runDbPath(hostileRunDir()));
  try {
    return buildRunReport(store);
  } finally {
    store.close();
  }
}

Deno.test("renderRunHtml() escapes a </script> in a program source and every other run text", () => {
  const report = hostileReport();
  assert.ok(report.best!.source.includes(XSS), "the hostile text is in the model");
  const html = renderRunHtml(report);
  assert.doesNotMatch(html, /<script/i, "no script element at all");
  assert.doesNotMatch(html, /<img/i);
  assert.ok(html.includes("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.match(html, /<title>specevolve run: evil&lt;\/script&gt;/);
});

Deno.test("renderRunHtml() is one self-contained page with an inline SVG chart", () => {
  const html = renderRunHtml(hostileReport());
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /<svg [^>]*viewBox/);
  assert.equal(
    (html.match(/<circle [^>]*class="(dot|fail)"><title>/g) ?? []).length,
    3,
    "one dot per candidate",
  );
  assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, "no external resources");
  assert.doesNotMatch(html, /<link /);
});

Deno.test("renderRunMarkdown() renders headings, tables and a fence the source cannot close", () => {
  const md = renderRunMarkdown(hostileReport());
  assert.match(md, /^# specevolve run: evil&lt;\/script&gt;/m);
  assert.match(md, /^## Best program$/m);
  assert.match(md, /^\| metric \| train \| holdout \|$/m);
  // The source holds a run of four backticks, so the fence must be five.
  assert.match(md, /^`````ts\n[\s\S]*\n`````$/m);
  // Code blocks show the source as text; outside them no markup from the run survives.
  const prose = md.replace(/^(`{3,})[a-z]*\n[\s\S]*?\n\1$/gm, "");
  assert.ok(prose.length < md.length);
  assert.doesNotMatch(prose, /<script|<img/i);
  assert.match(md, /\\\| pipe/, "a pipe in a table cell is escaped");
  assert.match(md, /\\\*\\\*bold\\\*\\\* \\\[link\\\]/, "Markdown in a message stays text");
  assert.match(md, /<details><summary>#2 \(iteration 1, llm:&lt;\/script&gt;/);
});

Deno.test("renderRunJson() is the model verbatim", async () => {
  const store = SqliteStore.open(runDbPath(await fakeRunDir(5)));
  const report = buildRunReport(store);
  store.close();
  assert.deepEqual(JSON.parse(renderRunJson(report)), JSON.parse(JSON.stringify(report)));
});

Deno.test("renderBestProgram() puts a one-line provenance comment above the best source", () => {
  const report = hostileReport();
  const best = renderBestProgram(report)!;
  const [first, ...rest] = best.split("\n");
  assert.match(
    first,
    /^\/\/ specevolve: best program #2 of a evil<\/script>.* run \(iteration 1\), train score 2/,
  );
  assert.equal(rest.join("\n"), report.best!.source);
  const renamed = { ...report, run: { ...report.run, spec: "a\nconsole.log(1)\u2028x" } };
  assert.equal(renderBestProgram(renamed)!.split("\n").length, best.split("\n").length);
});

Deno.test("writeRunReports() writes report.json, report.md, report.html and best.ts in the run dir", async () => {
  const dir = await fakeRunDir(6);
  const files = await writeRunReports(dir);
  assert.deepEqual(
    [files.json, files.markdown, files.html, files.best],
    ["report.json", "report.md", "report.html", "best.ts"].map((f) => `${dir}/${f}`),
  );
  const json = JSON.parse(await Deno.readTextFile(files.json));
  assert.equal(json.best.id, files.report.best!.id);
  assert.match(await Deno.readTextFile(files.markdown), /^# specevolve run: fake/);
  assert.match(await Deno.readTextFile(files.best!), /^\/\/ specevolve: best program/);
});

Deno.test("writeRunReports() writes no best.ts when no program passed", async () => {
  const dir = createRunDir(Deno.makeTempDirSync(), "none");
  const store = SqliteStore.open(runDbPath(dir));
  store.createRun({
    specName: "none",
    specHash: "h",
    config: {},
    rngState: { algorithm: "a", seed: 0 },
  });
  store.close();
  const files = await writeRunReports(dir);
  assert.equal(files.best, undefined);
  await assert.rejects(Deno.stat(`${dir}/best.ts`), Deno.errors.NotFound);
  assert.match(await Deno.readTextFile(files.markdown), /No program passed evaluation/);
});

Deno.test("writeRunReports() refuses a directory without a run database", async () => {
  await assert.rejects(
    writeRunReports(Deno.makeTempDirSync()),
    (e: unknown) =>
      e instanceof EvolveError && exitCodeOf(e.kind) === 64 && /run\.db not found/.test(e.message),
  );
});
