// The malformed-spec corpus: every fixture states its expected problems in `# expect:` lines
// (line:col, JSON pointer, message fragment); loading must report exactly those, never crash.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { loadSpec } from "../../src/spec/mod.ts";
import { issuesOf } from "./_helpers.ts";

const dir = join(import.meta.dirname!, "fixtures");
const fixtures = (await readdir(dir)).filter((f) => f.endsWith(".yaml")).sort();

Deno.test("fixture corpus covers every kind of spec problem the loader reports", () => {
  for (
    const name of [
      "bad_yaml",
      "wrong_types",
      "unknown_keys",
      "bad_ref",
      "rule_typo",
      "unsat_assume",
      "unsupported_keyword",
      "missing_program",
      "bad_module_ref",
    ]
  ) {
    assert.ok(fixtures.includes(`${name}.yaml`), `fixture ${name}.yaml is missing`);
  }
});

for (const fixture of fixtures) {
  Deno.test(`loadSpec() reports exactly the expected located problems of ${fixture}`, async () => {
    const path = join(dir, fixture);
    const text = await readFile(path, "utf8");
    const expected = [...text.matchAll(/^# expect: (\d+):(\d+) (\S+) (.+)$/gm)].map((m) => ({
      line: Number(m[1]),
      column: Number(m[2]),
      pointer: m[3] === "/" ? "" : m[3],
      fragment: m[4],
    }));
    assert.ok(expected.length > 0, `${fixture} has no # expect: lines`);
    const issues = await issuesOf(loadSpec(path));
    const shown = issues.map((i) => `${i.line}:${i.column} ${i.pointer} ${i.message}`).join("\n");
    for (const e of expected) {
      assert.ok(
        issues.some((i) =>
          i.file === path && i.line === e.line && i.column === e.column &&
          i.pointer === e.pointer && i.message.includes(e.fragment)
        ),
        `${fixture}: expected ${e.line}:${e.column} ${e.pointer} "${e.fragment}", got:\n${shown}`,
      );
    }
    assert.equal(issues.length, expected.length, `${fixture}: unexpected extra issues:\n${shown}`);
  });
}
