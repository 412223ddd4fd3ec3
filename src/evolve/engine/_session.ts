// Owns a session of the engine on a store, start and end: a new run (run row, `started` event, the
// initial program as iteration 0) or a resumed one (spec-hash check, state replayed from the
// database, `override` event for the limits the resume changed, `resumed` event saying what will be
// redone); at the end the `stopped` event and the run's final status.
import { analyzeSource } from "../source/analyze.ts";
import type { Store } from "../database/store.ts";
import { EvolveError } from "../../errors/mod.ts";
import { configChanges, type EngineConfig, type EngineOptions } from "./options.ts";
import { RNG_ALGORITHM } from "../../random/rng.ts";
import { RunState } from "./_run_state.ts";
import { noiseRuleOf } from "../../evaluate/noise.ts";
import { noiseAwareRanking } from "../selection/mod.ts";
import type { ProgressSnapshot } from "./progress.ts";
import type { StopReason } from "./stopping.ts";

export interface Session {
  readonly state: RunState;
  /** Run seed: per-iteration streams derive from it (see rng.ts). */
  readonly seed: number;
  readonly resumed: boolean;
}

/** Opens a new run in an empty store, or resumes the one in it when `options.resume` says so. */
export function openSession(
  store: Store,
  config: EngineConfig,
  options: Pick<EngineOptions, "spec" | "initialSource" | "seed" | "resume" | "force">,
): Session {
  const run = store.getRun();
  if (!run) {
    if (options.resume) {
      throw new EvolveError(
        `resume: ${store.location} holds no run; start a new run instead of resuming`,
        { kind: "usage" },
      );
    }
    return startRun(store, config, options);
  }
  if (!options.resume) {
    throw new EvolveError(
      `evolve: ${store.location} already holds a run of spec "${run.specName}"; resume it ` +
        "(--resume) or start the new run in a fresh run directory",
      { kind: "usage" },
    );
  }
  const { spec } = options;
  const changed = run.specHash !== spec.hash || run.specName !== spec.name;
  if (changed && !options.force) {
    throw new EvolveError(
      `resume: the spec changed since this run started (${run.specName} ${
        run.specHash.slice(0, 12)
      } -> ${spec.name} ${spec.hash.slice(0, 12)}); scores would not be comparable. ` +
        "Restore the spec, or pass --force to continue anyway",
      { kind: "usage" },
    );
  }
  const state = RunState.load(store, config.evolve.islands, bestRule(config, spec));
  const changes = configChanges((run.config ?? {}) as Partial<EngineConfig>, config);
  store.transaction(() => {
    // Steering the run from the command line: the limits it stops by changed from here on.
    if (Object.keys(changes).length > 0) store.addEvent({ kind: "override", payload: { changes } });
    store.updateRun({
      status: "running",
      stopReason: null,
      finishedAt: null,
      config,
      specHash: spec.hash,
    });
    store.addEvent({
      kind: "resumed",
      payload: {
        previousStatus: run.status,
        previousStopReason: run.stopReason,
        reevaluate: [...state.pending.keys()],
        repropose: state.gaps(),
        nextIteration: state.nextIteration(),
        forced: changed,
        ...(changed ? { previousSpecHash: run.specHash } : {}),
      },
    });
  });
  return { state, seed: run.rngState.seed, resumed: true };
}

function startRun(
  store: Store,
  config: EngineConfig,
  options: Pick<EngineOptions, "spec" | "initialSource" | "seed">,
): Session {
  const seed = (options.seed ?? 0) >>> 0;
  const analysis = analyzeSource(options.initialSource);
  const state = new RunState(config.evolve.islands, bestRule(config, options.spec));
  const initial = store.transaction(() => {
    store.createRun({
      specName: options.spec.name,
      specHash: options.spec.hash,
      config,
      rngState: { algorithm: RNG_ALGORITHM, seed },
    });
    store.addEvent({ kind: "started", payload: { seed, config } });
    return store.addProgram({
      source: options.initialSource,
      hash: analysis.hash,
      island: 0,
      generation: 0,
      iteration: 0,
      proposer: "initial",
      description: "initial program",
      features: analysis.features,
    });
  });
  state.applyProgram(initial);
  return { state, seed, resumed: false };
}

/** Ends the session: the `stopped` event with the last progress, and the run's final status. */
export function endSession(store: Store, reason: StopReason, progress: ProgressSnapshot): void {
  store.transaction(() => {
    store.addEvent({ kind: "stopped", payload: { reason, progress } });
    store.updateRun({
      status: reason === "aborted" ? "stopped" : "finished",
      stopReason: reason,
      finishedAt: new Date().toISOString(),
    });
  });
}

/** Marks the run failed after an error; `--resume` continues it once the cause is fixed. */
export function failSession(store: Store): void {
  store.updateRun({ status: "failed", stopReason: "error", finishedAt: new Date().toISOString() });
}

/** When a candidate replaces a best: beyond the noise band of the spec's `evolve.noiseBand`. */
function bestRule(config: EngineConfig, spec: EngineOptions["spec"]) {
  return noiseAwareRanking(noiseRuleOf(config.evolve.noiseBand, spec.metrics ?? []));
}
