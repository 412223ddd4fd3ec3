// Owns the `workloads` subcommand: run a spec's trusted, seeded workload generator into the spec's
// train and holdout directories, then list what it wrote.
import { join, relative } from "node:path";
import { exitCodeOf, SpecError, UsageError } from "../errors/mod.ts";
import { importTrusted, listWorkloadFiles } from "../evaluate/mod.ts";
import type { GenerateFn } from "../evaluate/types.ts";
import { loadSpec } from "../spec/mod.ts";
import { intFlag, parseCommandArgs } from "./_args.ts";

export const help = `Usage: deno task workloads <spec.yaml> [--seed N]

Regenerates the spec's train and holdout workload files with the trusted generator the spec names
in workloads.generate. The same seed always writes byte-identical files.

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
  const generateRef = spec.workloads?.generate;
  if (!spec.workloads || !generateRef) {
    throw new SpecError([{
      file: spec.file,
      pointer: "/workloads/generate",
      message: "this spec names no workload generator (workloads.generate: path#export)",
    }]);
  }
  const generate = await importTrusted<GenerateFn>(generateRef, "workloads.generate");
  const seed = intFlag("workloads", "seed", values.seed, 1);
  const { train, holdout } = spec.workloads;
  await Deno.mkdir(train, { recursive: true });
  await Deno.mkdir(holdout, { recursive: true });
  await generate({ trainDir: train, holdoutDir: holdout, seed });
  for (const dir of [train, holdout]) {
    for (const name of await listWorkloadFiles(dir)) {
      const path = join(dir, name);
      const { size } = await Deno.stat(path);
      console.log(`${relative(Deno.cwd(), path)}  ${(size / 1024).toFixed(1)} KiB`);
    }
  }
  return exitCodeOf("ok");
}
