// Tests the layering docs/architecture.md declares: every import under src/ points down (or within
// its own layer), so the tree shows its architecture and a new upward import fails here.
import assert from "node:assert/strict";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dirname!, "../src");

/** Layers, most specific prefix first; a module belongs to the first whose folder holds it. */
const LAYERS: readonly (readonly [string, readonly string[]])[] = [
  ["errors", []],
  ["html", []],
  ["random", []],
  ["testing", []],
  ["spec", ["errors"]],
  ["sandbox", ["errors"]],
  ["evaluate", ["errors", "spec", "sandbox"]],
  ["author", ["evaluate"]],
  ["evolve/source", ["errors"]],
  ["evolve/records", ["evaluate", "evolve/source"]],
  ["evolve/database", ["errors", "evaluate", "evolve/records", "evolve/source"]],
  ["evolve/selection", ["errors", "evaluate", "spec", "random", "evolve/records", "evolve/source"]],
  ["evolve/mutate", ["errors", "evaluate", "spec", "random", "evolve/records", "evolve/source"]],
  ["evolve/llm", ["errors", "evaluate", "spec", "random", "evolve/records", "evolve/source"]],
  ["evolve/engine", [
    "errors",
    "evaluate",
    "spec",
    "random",
    "evolve/records",
    "evolve/source",
    "evolve/database",
    "evolve/selection",
  ]],
  ["evolve", [
    "errors",
    "random",
    "evolve/source",
    "evolve/records",
    "evolve/database",
    "evolve/selection",
    "evolve/engine",
  ]],
  ["remote", ["errors", "evaluate"]],
  ["runview", ["evolve/records", "evolve/database"]],
  ["report", [
    "errors",
    "html",
    "spec",
    "evaluate",
    "evolve/records",
    "evolve/database",
    "runview",
  ]],
  ["ui", [
    "errors",
    "html",
    // The compare and failure views read the run's spec (score formula, goals, rules), as reports do.
    "spec",
    "evaluate",
    "evolve/records",
    "evolve/database",
    "evolve/engine",
    "runview",
  ]],
  ["audit", ["errors", "spec", "sandbox", "evaluate", "evolve/mutate"]],
  ["draft", ["errors", "spec", "sandbox", "evaluate", "evolve/llm", "audit"]],
  ["cli", ["*"]],
];

/**
 * Folders that belong to another folder's layer: workload files and the cascade import each other
 * (the cascade reads workloads; loading one runs trusted code the way the cascade does).
 */
const SAME_LAYER: Readonly<Record<string, string>> = { workloads: "evaluate" };

/** The layer of a path under src/, or undefined for a file outside every layer. */
export function layerOf(path: string): string | undefined {
  const rel = relative(SRC, path).replaceAll("\\", "/");
  const top = rel.split("/")[0];
  if (top in SAME_LAYER) return SAME_LAYER[top];
  return LAYERS.find(([name]) => rel === `${name}.ts` || rel.startsWith(`${name}/`))?.[0];
}

function* sources(dir: string): Generator<string> {
  for (const e of Deno.readDirSync(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* sources(path);
    else if (e.name.endsWith(".ts")) yield path;
  }
}

/** Relative specifiers a module imports or re-exports (static and dynamic). */
export function importsOf(text: string): string[] {
  const found = text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g);
  return [...found].map((m) => m[1]);
}

/** Every import of `modules` ([path, text]) that crosses layers against the table. */
function violations(modules: Iterable<readonly [string, string]>): string[] {
  const allowed = new Map(LAYERS);
  const out: string[] = [];
  for (const [file, text] of modules) {
    const from = layerOf(file);
    for (const spec of importsOf(text)) {
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC)) continue;
      const to = layerOf(target);
      if (from === undefined || to === undefined) {
        out.push(`${relative(SRC, file)} or ${spec} is in no declared layer`);
        continue;
      }
      const ok = from === to || allowed.get(from)!.includes("*") ||
        allowed.get(from)!.includes(to);
      if (!ok) out.push(`${from} -> ${to} (${relative(SRC, file)} imports ${spec})`);
    }
  }
  return out;
}

Deno.test("every import under src/ follows the layering of docs/architecture.md", () => {
  const modules = [...sources(SRC)].map((f) => [f, Deno.readTextFileSync(f)] as const);
  assert.ok(modules.length > 100, "the walk found the source tree");
  assert.deepEqual(violations(modules), []);
});

Deno.test("the layering check sees an upward import and every kind of import statement", () => {
  assert.deepEqual(
    importsOf(`import { a } from "../x.ts";\nexport * from "./y.ts";\nawait import("../../z.ts");`),
    ["../x.ts", "./y.ts", "../../z.ts"],
  );
  assert.equal(layerOf(join(SRC, "evolve/database/store.ts")), "evolve/database");
  const upward = join(SRC, "evolve/database/_upward.ts");
  assert.deepEqual(violations([[upward, `import { evolve } from "../engine/engine.ts";`]]), [
    "evolve/database -> evolve/engine (evolve/database/_upward.ts imports ../engine/engine.ts)",
  ]);
  assert.deepEqual(violations([[join(SRC, "ui/x.ts"), `import "../report/mod.ts";`]]).length, 1);
  assert.equal(layerOf(join(SRC, "evolve/mod.ts")), "evolve");
  assert.equal(layerOf(join(SRC, "workloads/load.ts")), "evaluate");
  // The table itself has no cycle: each layer may use only layers listed before it.
  const seen = new Set<string>();
  for (const [name, deps] of LAYERS) {
    for (const dep of deps) assert.ok(dep === "*" || seen.has(dep), `${name} -> ${dep}`);
    seen.add(name);
  }
});

Deno.test("bench/ imports nothing from tests/ (shared fixtures live in bench/)", () => {
  const bench = resolve(SRC, "../bench");
  const tests = resolve(SRC, "../tests");
  const wrong = [...sources(bench)].flatMap((file) =>
    importsOf(Deno.readTextFileSync(file))
      .filter((spec) => resolve(dirname(file), spec).startsWith(tests + "/"))
      .map((spec) => `${relative(bench, file)} imports ${spec}`)
  );
  assert.deepEqual(wrong, []);
});
