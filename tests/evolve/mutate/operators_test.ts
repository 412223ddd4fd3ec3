import assert from "node:assert/strict";
import { OFFLINE_OPERATORS } from "../../../src/evolve/mutate/mod.ts";
import { assertSoundProposal, onlyOperator, proposeOk, request, seeds } from "./_helpers.ts";

// Every fixture has code outside its blocks that an operator would love to touch (constants,
// comparisons, statements), so a leak outside the block shows up as a changed outside segment.
const OUTSIDE_HEAD = [
  "const LIMIT = 7.5;",
  "function outside(a: number, b: number): number {",
  "  if (a < b && b > 2) return Math.max(a * 2, b - 1);",
  "  return [3, 1, 2].sort((x, y) => x - y)[0];",
  "}",
].join("\n");

function program(body: string[]): string {
  return [
    OUTSIDE_HEAD,
    "export function f(x: number[], y: number, name: string): number {",
    "  // EVOLVE-BLOCK-START",
    ...body.map((l) => "  " + l),
    "  // EVOLVE-BLOCK-END",
    "}",
    "",
  ].join("\n");
}

/** The text of the parent's block and of the proposal's block, for operator-specific checks. */
function blockText(source: string): string {
  return source.slice(source.indexOf("EVOLVE-BLOCK-START"), source.indexOf("// EVOLVE-BLOCK-END"));
}

Deno.test("OFFLINE_OPERATORS describes every operator in one line with a positive default weight", () => {
  assert.deepEqual(OFFLINE_OPERATORS.map((o) => o.name), [
    "constant",
    "compare",
    "arithmetic",
    "math",
    "negate",
    "statement",
    "comparator",
    "crossover",
  ]);
  for (const o of OFFLINE_OPERATORS) {
    assert.ok(o.description.length > 20 && !o.description.includes("\n"), o.name);
    assert.ok(o.defaultWeight > 0, o.name);
  }
});

Deno.test("docs/offline-mutation.md lists every operator with its current description", () => {
  const docs = Deno.readTextFileSync(new URL("../../../docs/offline-mutation.md", import.meta.url));
  // deno fmt wraps list items: join each item's continuation lines back into one.
  const listed = docs.replace(/\n {2}(?=\S)/g, " ").split("\n").filter((l) =>
    /^- `[a-z]+` \(weight /.test(l)
  );
  assert.deepEqual(
    listed,
    OFFLINE_OPERATORS.map((o) => `- \`${o.name}\` (weight ${o.defaultWeight}): ${o.description}`),
  );
});

Deno.test("constant perturbs one value literal, keeps integers integer and floats float", async () => {
  const parent = program([
    "type Mode = 1 | 2;",
    'const table = { 5: "five" };',
    "const scale = 0.5;",
    "const count = 3;",
    "const mode: Mode = 1;",
    "return x[0] * scale + count - 2e3 + table[5].length + mode + y * 0;",
  ]);
  const mutator = onlyOperator("constant");
  const changed = new Set<string>();
  for (const seed of seeds(40)) {
    const p = await proposeOk(mutator, request(parent, seed));
    assertSoundProposal(parent, p);
    assert.equal(p.proposer, "offline:constant");
    const block = blockText(p.source);
    assert.match(block, /type Mode = 1 \| 2;/, "a literal type is not a value");
    assert.match(block, /\{ 5: "five" \}/, "a property name is not a value");
    const [, before, after] = p.description.match(/^constant (\S+) -> (\S+) at line \d+$/)!;
    assert.notEqual(Number(after), Number(before));
    assert.equal(/[.eE]/.test(after), /[.eE]/.test(before), `${before} -> ${after} changed kind`);
    if (Number(before) >= 0) assert.ok(Number(after) >= 0, `${before} -> ${after} changed sign`);
    changed.add(before);
  }
  for (const v of ["0.5", "3", "2e3"]) assert.ok(changed.has(v), `never perturbed ${v}`);
});

Deno.test("constant picks array indices and 0/1 less often than other constants", async () => {
  const parent = program(["return x[0] + x[1] * 37 + 0 + 1 + 0.75;"]);
  const mutator = onlyOperator("constant");
  let small = 0;
  for (const seed of seeds(60)) {
    const p = await proposeOk(mutator, request(parent, seed));
    if (/^constant [01] /.test(p.description)) small++;
  }
  // Four 0/1 sites against two others: uniform choice would hit them ~2/3 of the time.
  assert.ok(small < 25, `${small} of 60 proposals changed a 0 or 1`);
});

Deno.test("constant perturbs a negative literal as a whole, minus sign included", async () => {
  const parent = program(["return y * -0.5;"]);
  const p = await proposeOk(onlyOperator("constant"), request(parent, 3));
  assertSoundProposal(parent, p);
  assert.match(p.description, /^constant -0\.5 -> -\d/);
});

Deno.test("compare swaps one comparison among < <= > >= or === with !==", async () => {
  const parent = program(["if (y < 3) return 1;", 'return name === "a" ? 2 : 0;']);
  const mutator = onlyOperator("compare");
  const seen = new Set<string>();
  for (const seed of seeds(30)) {
    const p = await proposeOk(mutator, request(parent, seed));
    assertSoundProposal(parent, p);
    const [, from, to] = p.description.match(/^compare "(\S+)" -> "(\S+)"/)!;
    if (from === "<") assert.ok(["<=", ">", ">="].includes(to));
    else assert.deepEqual([from, to], ["===", "!=="]);
    seen.add(to);
  }
  assert.deepEqual([...seen].sort(), ["!==", "<=", ">", ">="]);
});

Deno.test("arithmetic swaps + - * / and leaves string concatenation alone", async () => {
  const parent = program([
    'const label = "n" + name;',
    "let s = y * 2;",
    "s += y;",
    "return s / label.length;",
  ]);
  const mutator = onlyOperator("arithmetic");
  for (const seed of seeds(30)) {
    const p = await proposeOk(mutator, request(parent, seed));
    assertSoundProposal(parent, p);
    assert.match(blockText(p.source), /"n" \+ name/);
    assert.match(p.description, /^arithmetic "(\*|\/|\+=)" -> "(\+|-|\*|\/|\+=|-=|\*=|\/=)"/);
  }
});

Deno.test("math swaps Math.max with Math.min and the rounding functions among themselves", async () => {
  const parent = program(["return Math.max(y, 1) + Math.floor(y / 2);"]);
  const mutator = onlyOperator("math");
  const seen = new Set<string>();
  for (const seed of seeds(30)) {
    const p = await proposeOk(mutator, request(parent, seed));
    assertSoundProposal(parent, p);
    seen.add(p.description.replace(/ at line \d+/, ""));
  }
  assert.deepEqual([...seen].sort(), [
    "math Math.floor -> Math.ceil",
    "math Math.floor -> Math.round",
    "math Math.floor -> Math.trunc",
    "math Math.max -> Math.min",
  ]);
});

Deno.test("negate negates a condition, removes a leading !, or swaps && with ||", async () => {
  const parent = program([
    "const done = y > 3;",
    "if (!done) return 1;",
    "while (y < 10 && x.length > 0) y++;",
    "return y > 5 ? 2 : 0;",
  ]);
  const mutator = onlyOperator("negate");
  const results = new Set<string>();
  for (const seed of seeds(40)) {
    const p = await proposeOk(mutator, request(parent, seed));
    assertSoundProposal(parent, p);
    results.add(blockText(p.source));
  }
  const all = [...results].join("\n");
  assert.match(all, /if \(done\) return 1;/);
  assert.match(all, /while \(!\(y < 10 && x\.length > 0\)\) y\+\+;/);
  assert.match(all, /while \(y < 10 \|\| x\.length > 0\) y\+\+;/);
  assert.match(all, /return !\(y > 5\) \? 2 : 0;/);
});

Deno.test("statement swaps, deletes or duplicates statements but never deletes a declaration or return", async () => {
  const parent = program([
    "let s = 0;",
    "s += y;",
    "s *= 2;",
    "for (const v of x) s += v;",
    "return s;",
  ]);
  const mutator = onlyOperator("statement");
  const kinds = new Set<string>();
  for (const seed of seeds(40)) {
    const p = await proposeOk(mutator, request(parent, seed));
    assertSoundProposal(parent, p);
    const block = blockText(p.source);
    assert.match(block, /let s = 0;/);
    assert.match(block, /return s;\n/);
    if (block.includes("s += y;")) {
      assert.ok(
        block.indexOf("let s = 0;") < block.indexOf("s += y;"),
        "use moved above declaration",
      );
    }
    kinds.add(p.description.split(" ")[1]);
  }
  assert.deepEqual([...kinds].sort(), ["delete", "duplicate", "move"]);
});

Deno.test("statement deletes whole lines and duplicates with the same indentation", async () => {
  const parent = program(["let s = y;", "s *= 2;", "return s;"]);
  const mutator = onlyOperator("statement");
  const blocks = new Set<string>();
  for (const seed of seeds(30)) {
    blocks.add(blockText((await proposeOk(mutator, request(parent, seed))).source));
  }
  const inner = (lines: string[]) =>
    "EVOLVE-BLOCK-START\n" + lines.map((l) => "  " + l + "\n").join("") + "  ";
  assert.ok(blocks.has(inner(["let s = y;", "return s;"])), [...blocks].join("\n---\n"));
  assert.ok(blocks.has(inner(["let s = y;", "s *= 2;", "s *= 2;", "return s;"])));
});

Deno.test("comparator flips direction, swaps the tie-break and changes the key field", async () => {
  const parent = program([
    "const items = x.map((v, i) => ({ load: v, id: i, size: y }));",
    "items.sort((a, b) => a.load - b.load || a.id - b.id);",
    "return items[0].id;",
  ]);
  const mutator = onlyOperator("comparator");
  const results = new Set<string>();
  for (const seed of seeds(40)) {
    const p = await proposeOk(mutator, request(parent, seed));
    assertSoundProposal(parent, p);
    results.add(blockText(p.source).split("\n")[2].trim());
  }
  assert.ok(
    results.has("items.sort((a, b) => b.load - a.load || b.id - a.id);"),
    [...results].join("\n"),
  );
  assert.ok(results.has("items.sort((a, b) => a.id - b.id || a.load - b.load);"));
  // `size` is only an object-literal key, so sorting by it proves the field pool is used.
  assert.ok([...results].some((r) => /^items\.sort\(\(a, b\) => .*a\.size - b\.size/.test(r)));
});

Deno.test("comparator flips an index-based comparator such as (a, b) => w[a] - w[b]", async () => {
  const parent = program([
    "const order = x.map((_, i) => i);",
    "order.sort((a, b) => x[a] - x[b]);",
    "return order[0];",
  ]);
  const p = await proposeOk(onlyOperator("comparator"), request(parent, 1));
  assertSoundProposal(parent, p);
  assert.match(p.source, /order\.sort\(\(a, b\) => x\[b\] - x\[a\]\);/);
});

Deno.test("an operator without a site in the block reports ok:false even if code outside has one", async () => {
  const parent = program(["return y;"]);
  for (const op of ["constant", "compare", "math", "negate", "comparator", "crossover"] as const) {
    const result = await onlyOperator(op).propose(request(parent, 1));
    assert.equal(result.ok, false, op);
    if (!result.ok) assert.match(result.reason, new RegExp(`no mutation site .*\\(${op}\\)`));
  }
});
