// Owns the lineage of a program: its ancestors back to a root, each with a unified diff from its
// parent (npm:diff, the well-kept jsdiff).
import { createTwoFilesPatch } from "diff";
import type { StoredProgram } from "../../evolve/records/mod.ts";
import { ancestry } from "../../runview/mod.ts";
import type { LineageStep, ProgramSummary } from "./model.ts";

/** Summary fields of a stored program. */
export function summarize(p: StoredProgram): ProgramSummary {
  return {
    id: p.id,
    iteration: p.iteration,
    proposer: p.proposer,
    trainScore: p.evaluation?.train?.score,
    holdoutScore: p.evaluation?.holdout?.result?.score,
  };
}

/** The chain root -> `program`, each step with its diff from the step before. */
export function lineage(
  program: StoredProgram,
  byId: ReadonlyMap<number, StoredProgram>,
): LineageStep[] {
  const chain = ancestry(program.id, (id) => {
    const parent = byId.get(id)?.parentId;
    return parent !== undefined && byId.has(parent) ? parent : undefined;
  }).map((id) => byId.get(id) ?? program);
  return chain.map((p, i) => ({
    ...summarize(p),
    description: p.description,
    diff: i === 0 ? "" : unifiedDiff(chain[i - 1], p),
  }));
}

function unifiedDiff(from: StoredProgram, to: StoredProgram): string {
  return createTwoFilesPatch(
    `program-${from.id}.ts`,
    `program-${to.id}.ts`,
    from.source,
    to.source,
    `iteration ${from.iteration}`,
    `iteration ${to.iteration}`,
    { context: 3 },
  );
}
