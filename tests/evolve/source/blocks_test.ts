import assert from "node:assert/strict";
import {
  blockKey,
  editsOnlyInsideBlocks,
  findBlocks,
  isInsideBlock,
  replaceBlock,
} from "../../../src/evolve/source/blocks.ts";

const TWO_BLOCKS = [
  "const fixed = 1;",
  "// EVOLVE-BLOCK-START alpha",
  "const a = 2;",
  "// EVOLVE-BLOCK-END",
  "export function f(x: number): number {",
  "  // EVOLVE-BLOCK-START",
  "  return x + a;",
  "  // EVOLVE-BLOCK-END the end",
  "}",
  "",
].join("\n");

function blocksOf(source: string) {
  const scan = findBlocks(source);
  assert.ok(scan.ok, scan.ok ? "" : scan.reason);
  return scan;
}

Deno.test("findBlocks() finds several blocks with their content, name and marker line", () => {
  const scan = blocksOf(TWO_BLOCKS);
  assert.equal(scan.marked, true);
  assert.deepEqual(scan.blocks.map((b) => b.content), ["const a = 2;\n", "  return x + a;\n"]);
  assert.deepEqual(scan.blocks.map((b) => b.name), ["alpha", undefined]);
  assert.deepEqual(scan.blocks.map((b) => b.markerLine), [2, 6]);
  assert.deepEqual(scan.blocks.map(blockKey), ["alpha", "#1"]);
  for (const b of scan.blocks) assert.equal(TWO_BLOCKS.slice(b.start, b.end), b.content);
});

Deno.test("findBlocks() treats a source without markers as one whole-file block", () => {
  const source = "export const x = 1;\n";
  const scan = blocksOf(source);
  assert.equal(scan.marked, false);
  assert.equal(scan.blocks.length, 1);
  assert.equal(scan.blocks[0].start, 0);
  assert.equal(scan.blocks[0].end, source.length);
  assert.equal(scan.blocks[0].markerLine, 0);
});

Deno.test("findBlocks() accepts an empty block and CRLF line ends", () => {
  const scan = blocksOf("a;\r\n// EVOLVE-BLOCK-START\r\n// EVOLVE-BLOCK-END\r\nb;\r\n");
  assert.equal(scan.blocks.length, 1);
  assert.equal(scan.blocks[0].content, "");
});

Deno.test("findBlocks() rejects nested, unclosed, unopened and duplicate-named blocks with the line", () => {
  const cases: [string, RegExp][] = [
    [
      "// EVOLVE-BLOCK-START\n// EVOLVE-BLOCK-START\n// EVOLVE-BLOCK-END\n",
      /line 2: .*do not nest/,
    ],
    ["x;\n// EVOLVE-BLOCK-START\nconst a = 1;\n", /line 2: .*never closed/],
    ["x;\n// EVOLVE-BLOCK-END\n", /line 2: .*without an open/],
    [
      "// EVOLVE-BLOCK-START a\n// EVOLVE-BLOCK-END\n// EVOLVE-BLOCK-START a\n// EVOLVE-BLOCK-END\n",
      /line 3: a second EVOLVE-BLOCK named "a"/,
    ],
  ];
  for (const [source, pattern] of cases) {
    const scan = findBlocks(source);
    assert.equal(scan.ok, false);
    if (!scan.ok) assert.match(scan.reason, pattern);
  }
});

Deno.test("findBlocks() ignores marker words that are not whole comment lines", () => {
  const scan = blocksOf('const s = "// EVOLVE-BLOCK-START";\nconst t = 1; // EVOLVE-BLOCK-END\n');
  assert.equal(scan.marked, false);
});

Deno.test("isInsideBlock() accepts ranges within one block and refuses ranges crossing a marker", () => {
  const { blocks } = blocksOf(TWO_BLOCKS);
  const inner = TWO_BLOCKS.indexOf("x + a");
  assert.equal(isInsideBlock(blocks, inner, inner + 5), true);
  assert.equal(isInsideBlock(blocks, 0, 5), false);
  assert.equal(isInsideBlock(blocks, blocks[0].start, blocks[1].end), false);
});

Deno.test("replaceBlock() replaces by name, by #index and by index, keeping the END marker on its line", () => {
  const byName = replaceBlock(TWO_BLOCKS, "alpha", "const a = 3;");
  assert.ok(byName.ok);
  assert.equal(byName.source, TWO_BLOCKS.replace("const a = 2;", "const a = 3;"));
  const byKey = replaceBlock(TWO_BLOCKS, "#1", "  return x * a;\n");
  const byIndex = replaceBlock(TWO_BLOCKS, 1, "  return x * a;\n");
  assert.ok(byKey.ok && byIndex.ok);
  assert.equal(byKey.source, TWO_BLOCKS.replace("x + a", "x * a"));
  assert.equal(byIndex.source, byKey.source);
});

Deno.test("replaceBlock() refuses an unknown block and content that smuggles in markers", () => {
  const unknown = replaceBlock(TWO_BLOCKS, "beta", "x");
  assert.equal(unknown.ok, false);
  if (!unknown.ok) assert.match(unknown.reason, /no EVOLVE-BLOCK "beta".*alpha, #1/);
  const smuggle = replaceBlock(
    TWO_BLOCKS,
    "alpha",
    "// EVOLVE-BLOCK-END\nfixed = 2;\n// EVOLVE-BLOCK-START\n",
  );
  assert.equal(smuggle.ok, false);
});

Deno.test("editsOnlyInsideBlocks() accepts edits inside blocks, including emptying one", () => {
  assert.deepEqual(editsOnlyInsideBlocks(TWO_BLOCKS, TWO_BLOCKS.replace("x + a", "x - a * 2")), {
    ok: true,
  });
  assert.deepEqual(editsOnlyInsideBlocks(TWO_BLOCKS, TWO_BLOCKS.replace("const a = 2;\n", "")), {
    ok: true,
  });
  assert.deepEqual(editsOnlyInsideBlocks("a;\n", "b;\n"), { ok: true });
});

Deno.test("editsOnlyInsideBlocks() refuses an edit outside the blocks and names its line", () => {
  const check = editsOnlyInsideBlocks(TWO_BLOCKS, TWO_BLOCKS.replace("x: number)", "x: string)"));
  assert.equal(check.ok, false);
  if (!check.ok) assert.match(check.reason, /changed line 5 outside/);
  const marker = editsOnlyInsideBlocks(
    TWO_BLOCKS,
    TWO_BLOCKS.replace("// EVOLVE-BLOCK-END the end", "// EVOLVE-BLOCK-END"),
  );
  assert.equal(marker.ok, false);
});

Deno.test("editsOnlyInsideBlocks() refuses removed blocks, added markers and broken markers", () => {
  const removed = TWO_BLOCKS.replace("// EVOLVE-BLOCK-START alpha\n", "").replace(
    "// EVOLVE-BLOCK-END\n",
    "",
  );
  const results = [
    editsOnlyInsideBlocks(TWO_BLOCKS, removed),
    editsOnlyInsideBlocks("a;\n", "// EVOLVE-BLOCK-START\na;\n// EVOLVE-BLOCK-END\n"),
    editsOnlyInsideBlocks(TWO_BLOCKS, TWO_BLOCKS + "// EVOLVE-BLOCK-START\n"),
  ];
  for (const r of results) assert.equal(r.ok, false);
  const [a, b, c] = results.map((r) => r.ok ? "" : r.reason);
  assert.match(a, /number of EVOLVE-BLOCKs from 2 to 1/);
  assert.match(b, /added EVOLVE-BLOCK markers/);
  assert.match(c, /the edited program, line 10: .*never closed/);
});
