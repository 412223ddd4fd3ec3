// Owns the `workloads` subcommand: write a spec's train and holdout workload files, from its
// declarative `workloads.generate` families or its trusted generator, then list what was written.
import { join, relative } from "node:path";
import { SpecError, UsageError } from "../errors/mod.ts";
import { importTrusted } from "../evaluate/mod.ts";
import type { GenerateFn } from "../evaluate/types.ts";
import { loadSpec } from "../spec/mod.ts";
import { generateDeclared, listWorkloadFiles } from "../workloads/mod.ts";
import { intFlag, parseCommandArgs } from "./_args.ts";
import { EXIT } from "./mod.ts";

export const help = `Usage: deno task workloads <spec.yaml> [--seed N]

Writes the spec's train and holdout workload files: one file per family of its declarative
workloads.generate block (cases drawn from the spec's own params/derive generator), or whatever the
trusted generator it names (path#export) writes. The same seed always writes byte-identical files.

Options:
  --seed <n>   generator seed (default 1)
  -h, --help   show this help`;

/** Runs `workloads`. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("workloads", argv, { seed: { type: "string" } });
  if (positionals.length !== 1) {
    throw new UsageError("workloads: give exactly one spec file\n\n" + help);
  }
  const spec = await loadSpec(positionals[0]);
  const generate = spec.workloads?.generate;
  if (!spec.workloads || !generate) {
    throw new SpecError([{
      file: spec.file,
      pointer: "/workloads/generate",
      message: "this spec names no workload generator: add a `workloads.generate` block of " +
        "families (docs/authoring.md) or a trusted generator (path#export)",
    }]);
  }
  const seed = intFlag("workloads", "seed", values.seed, 1);
  const { train, holdout } = spec.workloads;
  if ("path" in generate) {
    const fn = await importTrusted<GenerateFn>(generate, "workloads.generate");
    await Deno.mkdir(train, { recursive: true });
    await Deno.mkdir(holdout, { recursive: true });
    try {
      await fn({ trainDir: train, holdoutDir: holdout, seed });
    } catch (e) {
      throw new SpecError([{
        ...generate.at,
        pointer: "/workloads/generate",
        message: `workloads.generate ${relative(Deno.cwd(), generate.path)}#${generate.name} ` +
          `threw: ${(e as Error)?.message ?? e}; fix the generator`,
      }], { cause: e });
    }
  } else {
    await generateDeclared(spec, generate, seed);
  }
  for (const dir of [train, holdout]) {
    for (const name of await listWorkloadFiles(dir)) {
      const path = join(dir, name);
      const { size } = await Deno.stat(path);
      console.log(`${relative(Deno.cwd(), path)}  ${(size / 1024).toFixed(1)} KiB`);
    }
  }
  return EXIT.ok;
}
