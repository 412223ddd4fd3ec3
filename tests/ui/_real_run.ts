// Runs a short real offline evolution (spec loader, sandbox pool, cascade evaluator, AST mutator,
// SQLite store, engine) into a run folder, for the UI tests and the bench to look at.
import { join } from "node:path";
import { openSpecEvaluator } from "../../src/evaluate/mod.ts";
import { createRunDir, evolve, openRunStore, type Store } from "../../src/evolve/mod.ts";
import { OfflineMutator } from "../../src/evolve/mutate/mod.ts";
import { loadSpec } from "../../src/spec/mod.ts";

/** The small example spec the real runs evolve. */
export const REAL_SPEC = join(import.meta.dirname!, "../../specs/eplb.yaml");

export interface RealRunOptions {
  /** Folder that receives the run folder. */
  readonly root: string;
  readonly iterations: number;
  readonly seed?: number;
  /** Property-gate cases per candidate (fewer keeps the test quick). @default 40 */
  readonly runs?: number;
  /** Called with the store once the engine has created the run (it runs until `evolve` ends). */
  readonly onStarted?: (runDir: string, store: Store) => void | Promise<void>;
  /** How often the engine polls for steer commands while paused, ms. @default 200 */
  readonly pollMs?: number;
  /** Stops the engine (after the candidates in flight), e.g. when a test fails while paused. */
  readonly signal?: AbortSignal;
}

/** Evolves `specs/examples/topk.yaml` offline; returns the run folder once the engine stops. */
export async function realOfflineRun(options: RealRunOptions): Promise<string> {
  const { spec, compiled, evaluator } = await openSpecEvaluator({
    spec: REAL_SPEC,
    sandbox: {
      size: 1,
      // A loaded test machine must not time out the initial program (the engine then stops with
      // "failed"): the UI is under test here, not the limits.
      timeoutMs: (await loadSpec(REAL_SPEC)).sandbox.timeoutMs * 4,
      handleSignals: false,
    },
    runs: options.runs ?? 40,
    boundedTypecheck: false,
  });
  const runDir = createRunDir(options.root, spec.name);
  const store = openRunStore(runDir);
  try {
    const running = evolve({
      store,
      evaluator,
      proposer: new OfflineMutator({ typecheck: compiled.typecheck }),
      spec,
      initialSource: await Deno.readTextFile(spec.program),
      seed: options.seed ?? 1,
      concurrency: 1,
      iterations: options.iterations,
      pollMs: options.pollMs ?? 200,
      signal: options.signal,
    });
    if (options.onStarted) {
      while (!store.getRun()) await new Promise((r) => setTimeout(r, 20));
      await options.onStarted(runDir, store);
    }
    await running;
  } finally {
    await evaluator.close();
    store.close();
  }
  return runDir;
}
