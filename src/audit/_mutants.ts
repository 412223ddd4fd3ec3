// Owns making a program's mutants for the audit: a bounded, seeded set of single offline AST
// mutations (the mutator evolve uses) plus every hack-shaped mutation, deduplicated by source.
import { createPatch } from "diff";
import { OfflineMutator } from "../evolve/mutate/mod.ts";
import { hackMutations } from "./hacks.ts";
import type { Mutant } from "./types.ts";

/** How many mutants to make and from which seed. */
export interface MutantOptions {
  /** Offline AST mutants per program. */
  readonly count: number;
  readonly seed: number;
  /** JSON length of an input above which the skip-large hack answers wrongly. */
  readonly largeInput: number;
  /** String enums of the entry's output, for the constant-choice hack. */
  readonly choices: readonly (readonly string[])[];
  /** Make the hack-shaped mutations. */
  readonly hacks: boolean;
}

/** The mutants of `source` (entry `entry`), offline ones first, none equal to another or the parent. */
export async function makeMutants(
  source: string,
  entry: string,
  options: MutantOptions,
): Promise<Mutant[]> {
  // One mutation each, so every survivor's diff points at one change.
  // Every site and every operator alike: the search's site guard and operator bandit steer it
  // toward edits that pay, while an audit must probe the edits a spec might let through.
  const mutator = new OfflineMutator({
    minMutations: 1,
    maxMutations: 1,
    guardSites: false,
    operatorBandit: false,
  });
  const seen = new Set([source]);
  const mutants: Mutant[] = [];
  // A few extra draws make up for duplicates; the count stays a hard bound.
  for (let i = 0; i < options.count * 3 && mutants.length < options.count; i++) {
    const result = await mutator.propose({
      parent: { id: "parent", source },
      inspirations: [],
      iteration: i,
      seed: options.seed * 7919 + i,
      feedback: [],
    });
    if (!result.ok) {
      if (i === 0) break; // no mutation site at all
      continue;
    }
    const { proposal } = result;
    if (seen.has(proposal.source)) continue;
    seen.add(proposal.source);
    mutants.push({
      id: `m${mutants.length + 1}`,
      kind: "offline",
      description: proposal.description,
      source: proposal.source,
      diff: proposal.diff ?? patch(source, proposal.source),
    });
  }
  if (!options.hacks) return mutants;
  for (const hack of hackMutations(source, entry, options)) {
    if (seen.has(hack.source)) continue;
    seen.add(hack.source);
    mutants.push({ ...hack, kind: "hack", diff: patch(source, hack.source) });
  }
  return mutants;
}

function patch(before: string, after: string): string {
  return createPatch("program.ts", before, after, "parent", "mutant", { context: 2 });
}
