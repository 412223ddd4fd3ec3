// Tests of the YAML reader's positions: pointers to keys and values, and offsets inside scalars.
import assert from "node:assert/strict";
import { parseYaml, pointerSegments, toPointer } from "../../src/spec/_yaml.ts";

const text = `name: x
plain: output.length > 0
quoted: "a \\"b\\" c.d"
literal: |
  first line
    second.line
folded: >-
  one
  two.three
"a/b~c": { inner: [10, 20] }
`;

function source() {
  const { source, issues } = parseYaml("f.yaml", text);
  assert.deepEqual(issues, []);
  return source!;
}

Deno.test("parseYaml() locates values and keys by JSON pointer, escapes included", () => {
  const s = source();
  assert.deepEqual(s.locate("/plain"), { file: "f.yaml", line: 2, column: 8 });
  assert.deepEqual(s.locate("/plain", "key"), { file: "f.yaml", line: 2, column: 1 });
  assert.deepEqual(s.locate("/a~1b~0c/inner/1"), { file: "f.yaml", line: 10, column: 24 });
  // A pointer past the document stops at the deepest node that exists.
  assert.deepEqual(s.locate("/a~1b~0c/missing/3"), { file: "f.yaml", line: 10, column: 10 });
});

Deno.test("parseYaml() maps offsets inside plain, quoted, literal and folded scalars", () => {
  const s = source();
  assert.deepEqual(s.locateInScalar("/plain", 7), { file: "f.yaml", line: 2, column: 15 });
  // "a \"b\" c.d": the value's `.` (offset 7) sits after two escapes in the file.
  assert.equal((s.data as Record<string, string>).quoted[7], ".");
  assert.deepEqual(s.locateInScalar("/quoted", 7), { file: "f.yaml", line: 3, column: 19 });
  const literal = (s.data as Record<string, string>).literal;
  assert.deepEqual(
    s.locateInScalar("/literal", literal.indexOf(".")),
    { file: "f.yaml", line: 6, column: 11 },
  );
  const folded = (s.data as Record<string, string>).folded;
  assert.equal(folded, "one two.three");
  assert.deepEqual(
    s.locateInScalar("/folded", folded.indexOf(".")),
    { file: "f.yaml", line: 9, column: 6 },
  );
});

Deno.test("parseYaml() reports syntax errors with their position and no source", () => {
  const { source, issues } = parseYaml("f.yaml", "a: [1, 2\nb: 3\n");
  assert.equal(source, undefined);
  assert.ok(issues.length >= 1);
  assert.equal(issues[0].line, 2);
  assert.match(issues[0].message, /^YAML syntax error \(\w+\)/);
});

Deno.test("pointerSegments() and toPointer() round-trip keys holding / and ~", () => {
  const segs = ["a/b", "c~d", "0", ""];
  assert.deepEqual(pointerSegments(toPointer(segs)), segs);
  assert.equal(toPointer(["a/b"]), "/a~1b");
});
