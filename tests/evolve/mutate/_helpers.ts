// Shared helpers for the offline mutator tests: requests, single-operator mutators, and checks that
// a proposal parses and changed nothing outside the EVOLVE-BLOCKs.
import assert from "node:assert/strict";
import { Project } from "ts-morph";
import { editsOnlyInsideBlocks, findBlocks } from "../../../src/evolve/source/blocks.ts";
import type {
  ProgramRef,
  Proposal,
  ProposalRequest,
} from "../../../src/evolve/records/proposal.ts";
import {
  OFFLINE_OPERATORS,
  OfflineMutator,
  type OfflineMutatorOptions,
  type OperatorName,
} from "../../../src/evolve/mutate/mod.ts";

/** A request for `source` with the given seed and inspirations. */
export function request(
  source: string,
  seed: number,
  inspirations: readonly ProgramRef[] = [],
): ProposalRequest {
  return { parent: { id: "parent", source }, inspirations, iteration: seed, seed, feedback: [] };
}

/** A mutator that uses only `op`, one mutation per proposal. */
export function onlyOperator(
  op: OperatorName,
  options: OfflineMutatorOptions = {},
): OfflineMutator {
  const weights = Object.fromEntries(OFFLINE_OPERATORS.map((o) => [o.name, o.name === op ? 1 : 0]));
  return new OfflineMutator({ weights, minMutations: 1, maxMutations: 1, ...options });
}

/** The proposal of an ok result; fails the test with the reason otherwise. */
export async function proposeOk(mutator: OfflineMutator, req: ProposalRequest): Promise<Proposal> {
  const result = await mutator.propose(req);
  assert.ok(result.ok, result.ok ? "" : result.reason);
  return result.proposal;
}

const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });

/** Asserts that `source` has no syntax error. */
export function assertParses(source: string): void {
  const file = project.createSourceFile("/check.ts", source, { overwrite: true });
  const errors = project.getProgram().getSyntacticDiagnostics(file).map((d) => d.getMessageText());
  assert.deepEqual(errors, [], `does not parse:\n${source}`);
}

/** The text outside the blocks (marker lines included), computed from the parent's block offsets. */
export function outsideText(source: string): string[] {
  const scan = findBlocks(source);
  assert.ok(scan.ok);
  const parts: string[] = [];
  let from = 0;
  for (const b of scan.blocks) {
    parts.push(source.slice(from, b.start));
    from = b.end;
  }
  parts.push(source.slice(from));
  return parts;
}

/** Asserts the proposal parses, differs from the parent and changed only block contents. */
export function assertSoundProposal(parent: string, proposal: Proposal): void {
  assertParses(proposal.source);
  assert.notEqual(proposal.source, parent);
  assert.deepEqual(editsOnlyInsideBlocks(parent, proposal.source), { ok: true });
  assert.deepEqual(outsideText(proposal.source), outsideText(parent));
}

/** Seeds 1..n, for sweeping a test over many seeded proposals. */
export function seeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}
