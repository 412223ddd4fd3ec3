// Owns the offline mutator benchmark: proposals per second on the shipped EPLB programs (the
// initial program with its EVOLVE-BLOCK, the 200-line greedy baseline evolved as a whole file),
// with and without inspirations for crossover, and the mutator's rejection counters.
// Run directly: `deno run -A bench/offline_mutate_bench.ts [--proposals N]`.
import { parseArgs } from "node:util";
import { OfflineMutator } from "../src/evolve/mutate/mod.ts";
import type { ProgramRef } from "../src/evolve/records/proposal.ts";

/** One measured configuration. */
export interface MutateFigures {
  readonly name: string;
  readonly lines: number;
  readonly proposals: number;
  readonly msPerProposal: number;
  readonly proposalsPerSecond: number;
  readonly okShare: number;
}

/** Times `count` proposals from `parent` with seeds 1..count after a short warm-up. */
export async function measure(
  name: string,
  parent: ProgramRef,
  inspirations: readonly ProgramRef[],
  count: number,
): Promise<MutateFigures> {
  const mutator = new OfflineMutator();
  const ask = (seed: number) =>
    mutator.propose({ parent, inspirations, iteration: seed, seed, feedback: [] });
  for (let seed = -20; seed < 0; seed++) await ask(seed);
  let ok = 0;
  const start = performance.now();
  for (let seed = 1; seed <= count; seed++) if ((await ask(seed)).ok) ok++;
  const ms = (performance.now() - start) / count;
  return {
    name,
    lines: parent.source.split("\n").length,
    proposals: count,
    msPerProposal: Number(ms.toFixed(2)),
    proposalsPerSecond: Math.round(1000 / ms),
    okShare: ok / count,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { proposals: { type: "string", default: "300" } } });
  const count = Number(values.proposals);
  const read = (path: string) => Deno.readTextFileSync(new URL(path, import.meta.url));
  const initial = { id: "initial", source: read("../specs/eplb/initial.ts") };
  const greedy = { id: "greedy", source: read("../specs/eplb/baselines/greedy.ts") };
  // Inspirations of one lineage: small variants of the parent, as the database would hold.
  const variants = (p: ProgramRef) =>
    [1, 2].map((i) => ({ id: `${p.id}-v${i}`, source: p.source.replace(/\b0\b/, String(i)) }));
  // Warm the TypeScript parser's JIT once, so the first row is not charged for it.
  await measure("warm-up", greedy, variants(greedy), 100);
  const rows = [
    await measure("eplb initial (block)", initial, [], count),
    await measure("eplb initial + 2 inspirations", initial, variants(initial), count),
    await measure("eplb greedy (whole file)", greedy, [], count),
    await measure("eplb greedy + 2 inspirations", greedy, variants(greedy), count),
  ];
  console.table(rows);
}
