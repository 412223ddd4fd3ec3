// Robustness of loadSpec(): a valid spec with one part replaced by arbitrary data either loads or
// throws a SpecError whose issues are all located — never any other exception.
import assert from "node:assert/strict";
import fc from "fast-check";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { isSpecError } from "../../src/errors/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";
import { tempSpecDir } from "./_helpers.ts";

const examples = join(import.meta.dirname!, "..", "..", "specs", "examples");

/** Every JSON pointer path of `v`, as segment lists. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  }
  return out;
}

function replaced(doc: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let at = copy;
  for (const seg of path.slice(0, -1)) at = at[seg] as Record<string | number, unknown>;
  if (value === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return copy;
}

Deno.test("loadSpec() answers any corruption of a valid spec with a Spec or a located SpecError", async () => {
  const doc = parse(await readFile(join(examples, "topk.yaml"), "utf8"));
  doc.program = join(examples, "topk/program.ts");
  doc.reference = doc.program;
  const all = paths(doc);
  const dir = await tempSpecDir({});
  const file = join(dir, "spec.yaml");
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(
      undefined,
      "",
      "output.nope",
      "input.xs.length >",
      "#/$defs/x",
      "x.ts#y",
      { type: "array", minItems: 5, maxItems: 1 },
      { shape: ["params.n", 3] },
      -1,
      1e308,
    ),
  );
  let loaded = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...all), value, async (path, v) => {
      await writeFile(file, stringify(replaced(doc, path, v)) ?? "");
      try {
        await loadSpec(file, { samples: 5 });
        loaded++;
      } catch (e) {
        if (!isSpecError(e)) throw e;
        assert.ok(e.issues.length > 0);
        for (const issue of e.issues) {
          assert.equal(issue.file, file);
          assert.ok(issue.message.length > 0);
        }
      }
    }),
    { numRuns: 60, seed: 4 },
  );
  assert.ok(loaded < 60, "most corruptions must be caught");
});
