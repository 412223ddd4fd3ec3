// Shared helpers of the spec tests: temporary spec files and catching a SpecError's issues.
import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isSpecError, type SpecIssue } from "../../src/errors/mod.ts";
import { loadSpec, type Spec } from "../../src/spec/mod.ts";

/** Writes `files` (name -> text) into a fresh temporary directory and returns its path. */
export async function tempSpecDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "specevolve-spec-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** The smallest valid spec body, to which tests append or override keys. */
export const MINIMAL = `name: minimal
entry: solve
program: program.ts
input: { type: integer, minimum: 0, maximum: 9 }
output: { type: integer }
`;

/** Loads a spec written from `yaml` (plus a program.ts); returns the spec. */
export async function loadText(yaml: string, files: Record<string, string> = {}): Promise<Spec> {
  const dir = await tempSpecDir({
    "spec.yaml": yaml,
    "program.ts": "export function solve(x: number): number { return x; }\n",
    ...files,
  });
  return await loadSpec(join(dir, "spec.yaml"));
}

/** The issues of the SpecError that loading `path` (or the spec text) must throw. */
export async function issuesOf(load: Promise<unknown>): Promise<readonly SpecIssue[]> {
  try {
    await load;
  } catch (e) {
    if (isSpecError(e)) return e.issues;
    throw e;
  }
  assert.fail("expected a SpecError, but the spec loaded");
}
