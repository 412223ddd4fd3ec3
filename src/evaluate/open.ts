// Owns the one way from a spec to a running evaluator: load the spec, compile it, start the
// sandbox pool its limits call for, and create the cascade evaluator that owns that pool (and the
// bounded type checker). `check`, `evolve`, the UI tests' real runs and the evolve bench use it.
import { BoundedTypeChecker, type CompiledSpec, compileSpec, loadSpec } from "../spec/mod.ts";
import type { Spec } from "../spec/types.ts";
import { SandboxPool, type SandboxPoolOptions } from "../sandbox/mod.ts";
import { createSpecEvaluator, type SpecEvaluator } from "./cascade.ts";

/** Options of `openSpecEvaluator`. */
export interface OpenSpecEvaluatorOptions {
  /** The spec file, or a spec already loaded. */
  readonly spec: string | Spec;
  /** The spec compiled already (skips compiling it again). @default compiled here */
  readonly compiled?: CompiledSpec;
  /**
   * Pool options beside the spec's own limits. @default the pool's size and signal handling, the
   * spec's `sandbox.timeoutMs` and `sandbox.memoryMb`
   */
  readonly sandbox?: Pick<SandboxPoolOptions, "size" | "timeoutMs" | "handleSignals">;
  /** Property-gate cases. @default spec.properties.runs */
  readonly runs?: number;
  /** Property-gate seed. @default spec.properties.seed */
  readonly seed?: number;
  /** fast-check replay path of an earlier gate failure. */
  readonly path?: string;
  /** Type-check candidates in a bounded child process (untrusted sources). @default true */
  readonly boundedTypecheck?: boolean;
}

/** What `openSpecEvaluator` built; closing the evaluator closes its sandbox too. */
export interface OpenedSpecEvaluator {
  readonly spec: Spec;
  readonly compiled: CompiledSpec;
  readonly evaluator: SpecEvaluator;
}

/** Loads, compiles and starts everything a spec's evaluation needs; see the module comment. */
export async function openSpecEvaluator(
  options: OpenSpecEvaluatorOptions,
): Promise<OpenedSpecEvaluator> {
  const spec = typeof options.spec === "string" ? await loadSpec(options.spec) : options.spec;
  const compiled = options.compiled ?? await compileSpec(spec);
  const sandbox = await SandboxPool.start({
    timeoutMs: spec.sandbox.timeoutMs,
    memoryMb: spec.sandbox.memoryMb,
    ...options.sandbox,
  });
  let typeChecker: BoundedTypeChecker | undefined;
  try {
    if (options.boundedTypecheck !== false) typeChecker = await BoundedTypeChecker.start();
  } catch (e) {
    await sandbox.close();
    throw e;
  }
  // From here createSpecEvaluator owns both: it closes them itself when it cannot be built.
  const evaluator = await createSpecEvaluator({
    spec,
    compiled,
    sandbox,
    runs: options.runs,
    seed: options.seed,
    path: options.path,
    ownsSandbox: true,
    typeChecker,
  });
  return { spec, compiled, evaluator };
}
