/**
 * Sandbox for untrusted candidate programs: a pool of permission-less child Deno processes, each
 * running the candidate in a permission-less worker, with wall-clock, heap and output limits.
 *
 * @module
 */
export { SandboxPool } from "./pool.ts";
export {
  type ResolvedSandboxPoolOptions,
  resolveSandboxPoolOptions,
  type SandboxPoolOptions,
} from "./options.ts";
export type {
  CallOutcome,
  CandidateFailure,
  FailureCategory,
  RunRequest,
  RunResult,
  Sandbox,
} from "./types.ts";
