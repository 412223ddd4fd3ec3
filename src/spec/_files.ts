// Owns the spec's referenced files: checking that each exists (and exports what a `path#export`
// names) and hashing the spec text together with all of them.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import type { SpecIssue } from "../errors/mod.ts";
import { didYouMean } from "./_didyoumean.ts";
import { exportedNames } from "./_exports.ts";
import type { FileRef } from "./_resolve.ts";
import type { YamlSource } from "./_yaml.ts";

/** Issues for referenced files that are missing, of the wrong kind, or lack the named export. */
export async function checkFiles(
  refs: readonly FileRef[],
  source: YamlSource,
): Promise<SpecIssue[]> {
  const issues: SpecIssue[] = [];
  const issue = (ref: FileRef, message: string) =>
    issues.push({ ...source.locate(ref.pointer), pointer: ref.pointer, message });
  for (const ref of refs) {
    const info = await stat(ref.path).catch(() => undefined);
    if (!info) {
      if (!ref.mayBeMissing) {
        issue(ref, `${ref.kind === "dir" ? "directory" : "file"} not found: ${ref.path}`);
      }
      continue;
    }
    if (ref.kind === "dir" ? !info.isDirectory() : !info.isFile()) {
      issue(ref, `expected a ${ref.kind === "dir" ? "directory" : "file"}: ${ref.path}`);
      continue;
    }
    if (ref.exportName === undefined) continue;
    const names = exportedNames(ref.path, await readFile(ref.path, "utf8"));
    if (names !== "any" && !names.has(ref.exportName)) {
      issue(
        ref,
        `module ${ref.path} has no export \`${ref.exportName}\`${
          didYouMean(ref.exportName, names) ||
          `; it exports: ${[...names].join(", ") || "nothing"}`
        }`,
      );
    }
  }
  return issues;
}

/** sha256 (hex) over the spec text and every existing referenced file, in a stable order. */
export async function hashSpec(
  specFile: string,
  text: string,
  refs: readonly FileRef[],
): Promise<string> {
  const hash = createHash("sha256");
  hash.update(text);
  const paths = new Set<string>();
  for (const ref of refs) {
    if (ref.kind === "file") paths.add(ref.path);
    else for (const p of await listFiles(ref.path)) paths.add(p);
  }
  const base = join(specFile, "..");
  for (const p of [...paths].sort()) {
    const bytes = await readFile(p).catch(() => undefined);
    if (!bytes) continue;
    // Name and length frame each file so moving bytes between files changes the hash.
    hash.update(`\0${relative(base, p)}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest("hex");
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}
