// Owns `loadSpec`: read a spec YAML file and return the resolved, validated Spec, or throw one
// SpecError carrying every located problem found.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { SpecError, type SpecIssue } from "../errors/mod.ts";
import { checkFiles, hashSpec } from "./_files.ts";
import { checkStructure } from "./_meta.ts";
import { resolveSpec } from "./_resolve.ts";
import { checkSemantics } from "./_semantic.ts";
import { parseYaml } from "./_yaml.ts";
import type { Spec } from "./types.ts";

export interface LoadSpecOptions {
  /** Generated cases tried at load time to check that `derive` and `assume` work; 0 skips. @default 30 */
  readonly samples?: number;
}

/** Resolved LoadSpecOptions. */
export function resolveLoadSpecOptions(options: LoadSpecOptions = {}): Required<LoadSpecOptions> {
  const samples = options.samples ?? 30;
  if (!Number.isInteger(samples) || samples < 0) {
    throw new RangeError(`loadSpec: samples must be a non-negative integer, got ${samples}`);
  }
  return { samples };
}

/**
 * Loads the spec at `path`: YAML with positions, the meta-schema (specs/spec.schema.json),
 * defaults, paths resolved against the spec file, referenced files checked, schemas checked
 * against the generator's subset, expressions type-checked, and `derive`/`assume` sampled.
 *
 * @throws SpecError with every problem, each at file:line:col with its JSON pointer.
 */
export async function loadSpec(path: string, options: LoadSpecOptions = {}): Promise<Spec> {
  const { samples } = resolveLoadSpecOptions(options);
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new SpecError([{
      file,
      pointer: "",
      message: `cannot read the spec file (${(e as Error).message}); check the path`,
    }]);
  }
  const parsed = parseYaml(file, text);
  if (!parsed.source) fail(parsed.issues);
  const source = parsed.source;
  if (source.data === null || typeof source.data !== "object" || Array.isArray(source.data)) {
    fail([{ file, line: 1, column: 1, pointer: "", message: "a spec is a YAML mapping of keys" }]);
  }
  const structure = checkStructure(source);
  if (structure.length > 0) fail(structure);

  const { spec, files, issues } = resolveSpec(source);
  const fileIssues = await checkFiles(files, source);
  // Semantic checks read only the spec itself, so they run beside missing-file problems.
  if (issues.length === 0) issues.push(...checkSemantics({ ...spec, hash: "" }, source, samples));
  issues.push(...fileIssues);
  if (issues.length > 0) fail(issues);
  return { ...spec, hash: await hashSpec(file, text, files) };
}

function fail(issues: readonly SpecIssue[]): never {
  const sorted = [...issues].sort((a, b) =>
    (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)
  );
  throw new SpecError(sorted);
}
