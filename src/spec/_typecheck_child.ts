// Owns the type-check child's main loop: the process BoundedTypeChecker starts with a heap cap.
// JSON lines in (`define` a checker for a spec's generated types, `check` a source against it),
// JSON lines out; a check that runs too long is the parent's to kill.
import { type CandidateChecker, createCandidateChecker } from "./typecheck.ts";
import type { GeneratedTypes } from "./types_gen.ts";

/** A request from the parent. */
export type TypeCheckRequest =
  | {
    readonly op: "define";
    readonly key: string;
    readonly entry: string;
    /** GeneratedTypes, with `named` as entries. */
    readonly types: Omit<GeneratedTypes, "named"> & { readonly named: [string, string][] };
  }
  | { readonly op: "check"; readonly key: string; readonly source: string };

const checkers = new Map<string, CandidateChecker>();

function answer(request: TypeCheckRequest): unknown {
  if (request.op === "define") {
    const types = { ...request.types, named: new Map(request.types.named) };
    // The spec's schemas are not needed once its types are generated: only `entry` is read.
    const spec = { entry: request.entry } as Parameters<typeof createCandidateChecker>[0];
    checkers.set(request.key, createCandidateChecker(spec, types));
    return { defined: request.key };
  }
  const checker = checkers.get(request.key);
  if (checker === undefined) throw new Error(`no checker '${request.key}' is defined`);
  return { diagnostics: checker(request.source) };
}

async function main(): Promise<void> {
  // Warm the shared project (lib parsing) before saying ready, so checks are timed warm.
  createCandidateChecker({ entry: "f", input: {}, output: {}, args: null } as never)(
    "export function f(input: unknown): unknown {\n  return input;\n}\n",
  );
  const out = (message: unknown) => {
    const bytes = new TextEncoder().encode(JSON.stringify(message) + "\n");
    for (let written = 0; written < bytes.length;) {
      written += Deno.stdout.writeSync(bytes.subarray(written));
    }
  };
  out({ ready: true });
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of Deno.stdin.readable) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() === "") continue;
      try {
        out(answer(JSON.parse(line) as TypeCheckRequest));
      } catch (error) {
        out({ error: (error as Error).message });
      }
    }
  }
}

await main();
