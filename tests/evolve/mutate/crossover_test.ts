import assert from "node:assert/strict";
import { assertSoundProposal, onlyOperator, proposeOk, request, seeds } from "./_helpers.ts";

function program(helper: string, body: string): string {
  return [
    "import { fixed } from './fixed.ts';",
    "// EVOLVE-BLOCK-START helpers",
    `function pick(a: number, b: number): number {`,
    `  return ${helper};`,
    "}",
    "const bias = (x: number): number => x * 2;",
    "// EVOLVE-BLOCK-END",
    "export function score(v: number[]): number {",
    "  // EVOLVE-BLOCK-START main",
    `  ${body}`,
    "  // EVOLVE-BLOCK-END",
    "}",
    "",
  ].join("\n");
}

const PARENT = program("Math.max(a, b)", "return pick(v[0], v[1]) + fixed;");
const INSPIRATION = program("Math.min(a, b) * 3", "return bias(pick(v[1], v[0]));");

Deno.test("crossover takes a function or a block body from the inspiration, verbatim", async () => {
  const mutator = onlyOperator("crossover");
  const taken = new Set<string>();
  for (const seed of seeds(30)) {
    const p = await proposeOk(
      mutator,
      request(PARENT, seed, [{ id: "insp-1", source: INSPIRATION }]),
    );
    assertSoundProposal(PARENT, p);
    assert.equal(p.proposer, "offline:crossover");
    assert.match(p.description, /from inspiration insp-1/);
    taken.add(p.description.replace(/ at line \d+/, ""));
    if (p.description.includes('function "pick"')) {
      assert.match(p.source, /return Math\.min\(a, b\) \* 3;/);
      assert.match(p.source, /return pick\(v\[0\], v\[1\]\) \+ fixed;/);
    }
    if (p.description.includes('block "main"')) {
      assert.match(p.source, /return bias\(pick\(v\[1\], v\[0\]\)\);/);
      assert.match(p.source, /return Math\.max\(a, b\);/);
    }
  }
  // The helpers block differs only through pick, so taking it whole is also an option.
  assert.deepEqual([...taken].sort(), [
    'crossover: block "helpers" from inspiration insp-1',
    'crossover: block "main" from inspiration insp-1',
    'crossover: function "pick" from inspiration insp-1',
  ]);
});

Deno.test("crossover skips identical material, broken inspirations and functions outside blocks", async () => {
  const mutator = onlyOperator("crossover");
  const broken = { id: "broken", source: INSPIRATION.replace("return bias", "return (bias") };
  const same = { id: "same", source: PARENT };
  const noBlocks = await mutator.propose(request(PARENT, 1, [same, broken]));
  assert.equal(noBlocks.ok, false);
  if (!noBlocks.ok) assert.match(noBlocks.reason, /no mutation site/);
  const good = await proposeOk(
    mutator,
    request(PARENT, 1, [same, broken, { id: "good", source: INSPIRATION }]),
  );
  assert.match(good.description, /from inspiration good/);
});

Deno.test("crossover never swaps a function that is only partly inside a block", async () => {
  const mutator = onlyOperator("crossover");
  for (const seed of seeds(20)) {
    const p = await proposeOk(mutator, request(PARENT, seed, [{ id: "i", source: INSPIRATION }]));
    assertSoundProposal(PARENT, p);
    assert.doesNotMatch(p.description, /function "score"/);
  }
});

Deno.test("crossover without inspirations has no site", async () => {
  const result = await onlyOperator("crossover").propose(request(PARENT, 1));
  assert.equal(result.ok, false);
});
