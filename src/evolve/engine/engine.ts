// Owns the evolution loop, and only its wiring: select -> propose -> duplicate check -> evaluate ->
// store, with `concurrency` candidates in flight, steering between iterations, stopping rules,
// holdout for new bests and at the end. The parts live in selection/, database/ and the engine's
// own modules (_candidate, _migration, _steer, _session, progress, stopping).
import {
  type CandidateContext,
  evaluateCandidate,
  finalHoldout,
  initialFailure,
  type IterationPlan,
  proposeCandidate,
} from "./_candidate.ts";
import { migrateIfDue } from "./_migration.ts";
import { StagnationWatch } from "./_stagnation.ts";
import { endSession, failSession, openSession } from "./_session.ts";
import { applySteer, type SteerTarget } from "./_steer.ts";
import { StoreControlSource } from "./control.ts";
import type { ProgramRecord } from "../records/mod.ts";
import { type EngineConfig, type EngineOptions, resolveEngineOptions } from "./options.ts";
import { type ProgressSnapshot, progressSnapshot } from "./progress.ts";
import { isProposerExhausted } from "../records/proposal.ts";
import { iterationRng } from "../../random/rng.ts";
import { islandFor, select } from "../selection/select.ts";
import { budgetSpent, stopNow, type StopReason } from "./stopping.ts";

/** What `evolve` returns when a session ends without an error. */
export interface EvolutionResult {
  readonly stopReason: StopReason;
  /** The last progress snapshot (its `stopReason` set). */
  readonly progress: ProgressSnapshot;
  readonly best?: {
    readonly id: number;
    readonly trainScore: number;
    readonly holdoutScore?: number;
    readonly source: string;
  };
}

/**
 * Runs (or resumes) an evolution until a stopping rule fires, and returns why it stopped.
 * Every finished evaluation is committed as it finishes; see docs/evolution.md for the loop,
 * selection, stopping and resume semantics. Throws EvolveError when the run cannot start or the
 * initial program fails; an evaluator or proposer that throws ends the run as "failed".
 */
export async function evolve(options: EngineOptions): Promise<EvolutionResult> {
  const { store } = options;
  // A resumed run starts from its stored limits; what `options` gives overrides them one by one.
  const stored = options.resume ? store.getRun()?.config as Partial<EngineConfig> : undefined;
  const config = resolveEngineOptions(options, stored);
  const { evolve: limits } = config;
  const stagnation = new StagnationWatch(limits.stagnation, limits.islands);
  const now = options.now ?? Date.now;
  const signal = options.signal ?? new AbortController().signal;
  const control = options.control ?? new StoreControlSource(store);
  const { state, seed } = openSession(store, config, options);

  const startedAt = now();
  const sessionStart = { evaluated: state.evaluated, finished: state.finishedIterations() };
  const queue: ProgramRecord[] = [...state.pending.values()];
  const gaps = state.gaps();
  let next = state.nextIteration();
  let paused = false;
  let stopReason: StopReason | undefined;
  let fatal: { error: unknown } | undefined;
  /** The proposer said it can propose no more (budget spent): stop as for the engine's budget. */
  let proposerExhausted = false;
  const inFlight = new Set<Promise<void>>();

  const snapshot = (): ProgressSnapshot =>
    progressSnapshot(state, {
      elapsedMs: now() - startedAt,
      sessionStart,
      iteration: next - 1,
      limits,
      inFlight: inFlight.size,
      paused,
      stopReason,
    });

  const ctx: CandidateContext = {
    store,
    evaluator: options.evaluator,
    proposer: options.proposer,
    state,
    signal,
    now,
    holdoutAvailable: true,
    budgetLeftUsd: () => limits.budgetUsd > 0 ? limits.budgetUsd - state.spentUsd : undefined,
    changed: () => options.onProgress?.(snapshot()),
  };

  function launch(task: () => Promise<void>): void {
    const running: Promise<void> = task()
      .catch((error) => {
        if (isProposerExhausted(error)) proposerExhausted = true;
        else fatal ??= { error };
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  }

  /** Draws iteration `iteration`'s plan now, synchronously, so draws never depend on timing. */
  function plan(iteration: number): IterationPlan {
    migrateIfDue(store, state, iteration, limits.migrationInterval);
    stagnation.check(store, state, iteration);
    const rng = iterationRng(seed, iteration);
    const proposerSeed = rng.next();
    const island = islandFor(iteration, limits.islands);
    const selection = select(state.population, island, rng, {
      features: limits.features,
      top: limits.top,
      diverse: limits.diverse,
      options: config.selection,
    });
    return { iteration, seed: proposerSeed, selection };
  }

  /** The next task, "wait" for a running one to finish, or why there is nothing left. */
  function nextWork(): (() => Promise<void>) | "wait" | StopReason {
    const program = queue.shift();
    if (program) return () => evaluateCandidate(ctx, program);
    if (state.population.size === 0) {
      if (inFlight.size > 0) return "wait";
      throw initialFailure(ctx);
    }
    if (proposerExhausted || budgetSpent(limits, state.spentUsd)) {
      return inFlight.size > 0 ? "wait" : "budget";
    }
    const iteration = gaps.shift() ?? (next <= limits.iterations ? next++ : undefined);
    if (iteration === undefined) return inFlight.size > 0 ? "wait" : "iterations";
    const drawn = plan(iteration);
    return () => proposeCandidate(ctx, drawn);
  }

  const steering: SteerTarget = {
    ctx,
    islands: limits.islands,
    setPaused: (value) => (paused = value),
    takeIteration: () => next++,
    enqueue: (program) => queue.push(program),
  };

  const aborted = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  const settle = () => Promise.race([...inFlight, aborted]);

  try {
    while (!fatal) {
      for (const message of await control.poll()) applySteer(steering, message);
      stopReason = stopNow(limits, {
        aborted: signal.aborted,
        elapsedMs: now() - startedAt,
        bestScore: state.population.best()?.score,
        bestIteration: state.population.best()?.iteration ?? 0,
        lastFinished: state.lastFinished,
      });
      if (stopReason) break;
      if (paused) {
        await pause(config.pollMs, aborted);
        continue;
      }
      if (inFlight.size >= config.concurrency) {
        await settle();
        continue;
      }
      const work = nextWork();
      if (work === "wait") await settle();
      else if (typeof work === "string") {
        stopReason = work;
        break;
      } else launch(work);
    }
  } catch (error) {
    fatal ??= { error };
  }
  await Promise.all(inFlight);
  if (fatal) {
    failSession(store);
    throw fatal.error;
  }
  const reason: StopReason = signal.aborted ? "aborted" : stopReason ?? "iterations";
  if (reason !== "aborted") await finalHoldout(ctx, config.finalHoldout, config.concurrency);
  stopReason = reason;
  const progress = snapshot();
  endSession(store, reason, progress);
  options.onProgress?.(progress);
  const best = state.population.best();
  return {
    stopReason: reason,
    progress,
    best: best && {
      id: best.id,
      trainScore: best.score,
      holdoutScore: state.holdout.get(best.id)?.result?.score,
      source: best.source,
    },
  };
}

/** Waits one poll interval (or until abort) while paused, leaving no timer behind. */
async function pause(ms: number, aborted: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([new Promise<void>((r) => (timer = setTimeout(r, ms))), aborted]);
  clearTimeout(timer);
}
