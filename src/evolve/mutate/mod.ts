/**
 * The offline mutation engine: specevolve's keyless Proposer. It edits a program only inside its
 * EVOLVE-BLOCKs, by seeded AST mutations (constants, operators, conditions, statements, sort
 * comparators) and crossover with inspiration programs. See docs/offline-mutation.md.
 *
 * @example
 * ```ts
 * const mutator = new OfflineMutator({ maxMutations: 2 });
 * const result = await mutator.propose({ parent, inspirations: [], iteration: 1, seed: 7, feedback: [] });
 * ```
 * @module
 */
export {
  type CandidateTypecheck,
  OfflineMutator,
  type OfflineMutatorOptions,
  type OfflineMutatorStats,
  type ResolvedOfflineMutatorOptions,
  resolveOfflineMutatorOptions,
  type TypecheckDiagnostic,
} from "./mutator.ts";
export { OFFLINE_OPERATORS, type OfflineOperatorInfo, type OperatorName } from "./operators.ts";
