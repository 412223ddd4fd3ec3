// Tests of the published meta-schema (specs/spec.schema.json) against the Spec contract.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createAjv } from "../../src/spec/_ajv.ts";
import { SPEC_META_SCHEMA } from "../../src/spec/mod.ts";

const root = join(import.meta.dirname!, "..", "..");

Deno.test("SPEC_META_SCHEMA is a valid draft 2020-12 schema that ajv compiles strictly", () => {
  const ajv = createAjv({ strict: true });
  assert.equal(ajv.validateSchema(SPEC_META_SCHEMA), true, JSON.stringify(ajv.errors));
  ajv.compile(SPEC_META_SCHEMA);
});

Deno.test("SPEC_META_SCHEMA allows exactly the YAML keys listed in src/spec/types.ts", async () => {
  const header = await readFile(join(root, "src/spec/types.ts"), "utf8");
  const block = header.slice(
    header.indexOf("// YAML keys"),
    header.indexOf("// Paths in the YAML"),
  );
  const listed = [...block.matchAll(/\b([a-z][A-Za-z]*)\??(?=,|\n)/g)].map((m) => m[1]);
  const allowed = Object.keys(SPEC_META_SCHEMA.properties as object);
  assert.deepEqual([...allowed].sort(), [...new Set(listed)].sort());
});
