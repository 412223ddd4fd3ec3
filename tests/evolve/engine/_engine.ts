// Runs the engine on an in-memory store with the fakes, for engine tests.
import { type EvolutionResult, evolve } from "../../../src/evolve/engine/engine.ts";
import type { EngineOptions } from "../../../src/evolve/engine/options.ts";
import type { ProgressSnapshot } from "../../../src/evolve/engine/progress.ts";
import { SqliteStore } from "../../../src/evolve/database/sqlite_store.ts";
import type { EvolveConfig } from "../../../src/spec/types.ts";
import { FakeEvaluator, FakeProposer, fakeSpec, program } from "../_fakes.ts";

export interface Harness {
  readonly store: SqliteStore;
  readonly evaluator: FakeEvaluator;
  readonly proposer: FakeProposer;
  readonly snapshots: ProgressSnapshot[];
  readonly result: EvolutionResult;
}

export type HarnessOptions = Partial<Omit<EngineOptions, "spec">> & {
  readonly evolveConfig?: Partial<EvolveConfig>;
};

/** Runs `evolve` with fakes (overridable) and returns everything a test inspects. */
export async function runEngine(options: HarnessOptions = {}): Promise<Harness> {
  const store = (options.store as SqliteStore | undefined) ?? SqliteStore.open(":memory:");
  const evaluator = (options.evaluator as FakeEvaluator | undefined) ?? new FakeEvaluator();
  const proposer = (options.proposer as FakeProposer | undefined) ?? new FakeProposer();
  const snapshots: ProgressSnapshot[] = [];
  const result = await evolve({
    initialSource: program(1),
    concurrency: 1,
    ...options,
    store,
    evaluator,
    proposer,
    spec: fakeSpec(options.evolveConfig),
    onProgress: (s) => snapshots.push(s),
  });
  return { store, evaluator, proposer, snapshots, result };
}
