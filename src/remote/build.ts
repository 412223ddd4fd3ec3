// Owns the evaluator build: a hash of the code that decides an evaluation (spec loading, the
// cascade, the sandbox, workloads), so a coordinator and a worker agree they evaluate alike.
// A version number would let two builds with different cascades pass as one.
import { createHash } from "node:crypto";
import { join, relative } from "node:path";

const SRC = join(import.meta.dirname!, "..");
const PARTS = ["spec", "evaluate", "sandbox", "workloads", "author"];

function* files(dir: string): Generator<string> {
  for (const e of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* files(path);
    else if (e.name.endsWith(".ts")) yield path;
  }
}

/** The evaluator build of this checkout: 16 hex digits of sha256 over the evaluating sources. */
export function evaluatorBuild(): string {
  const h = createHash("sha256");
  for (const part of PARTS) {
    for (const path of files(join(SRC, part))) {
      h.update(relative(SRC, path)).update("\0").update(Deno.readFileSync(path)).update("\0");
    }
  }
  return h.digest("hex").slice(0, 16);
}
