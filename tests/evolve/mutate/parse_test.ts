import assert from "node:assert/strict";
import { parseProgram } from "../../../src/evolve/mutate/_parse.ts";

Deno.test("parseProgram() reports syntax errors with their line and accepts valid TypeScript", () => {
  assert.deepEqual(parseProgram("const a: number[] = [1, 2];\nexport { a };\n").errors, []);
  const broken = parseProgram("const a = 1;\nconst b = (a +;\n");
  assert.equal(broken.errors.length > 0, true);
  assert.match(broken.errors[0], /^line 2: Expression expected\.$/);
});

Deno.test("parseProgram() sets parent links, which the operators rely on", () => {
  const { file } = parseProgram("const a = -1;\n");
  const statement = file.statements[0];
  assert.equal(statement.parent, file);
});
