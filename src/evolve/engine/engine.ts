// Owns the evolution loop, and only its wiring: select -> propose -> duplicate check -> evaluate ->
// store, with `concurrency` candidates in flight, steering between iterations, stopping rules,
// holdout for new bests and at the end. The parts live in selection/, database/, _candidate.ts.
import {
  type CandidateContext,
  evaluateCandidate,
  evaluateHoldout,
  injectCandidate,
  type IterationPlan,
  proposeCandidate,
} from "./_candidate.ts";
import { openSession } from "./_session.ts";
import { type ControlMessage, StoreControlSource } from "./control.ts";
import type { ProgramRecord } from "../records/mod.ts";
import { EvolveError } from "../../errors/mod.ts";
import { type EngineOptions, resolveEngineOptions } from "./options.ts";
import { paceFigures, type ProgressSnapshot } from "./progress.ts";
import { isProposerExhausted } from "../records/proposal.ts";
import { iterationRng } from "../../random/rng.ts";
import { byRank } from "../records/mod.ts";
import { islandFor, ringMigration, select } from "../selection/select.ts";
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
  const config = resolveEngineOptions(options);
  const { evolve: limits } = config;
  const { store } = options;
  const now = options.now ?? Date.now;
  const signal = options.signal ?? new AbortController().signal;
  const control = options.control ?? new StoreControlSource(store);
  const { state, seed } = openSession(store, config, options);

  const startedAt = now();
  const sessionStart = { evaluated: state.evaluated, finished: finishedCount() };
  const queue: ProgramRecord[] = [...state.pending.values()];
  const gaps = state.gaps();
  let next = state.nextIteration();
  let paused = false;
  let stopReason: StopReason | undefined;
  let fatal: { error: unknown } | undefined;
  /** The proposer said it can propose no more (budget spent): stop as for the engine's budget. */
  let proposerExhausted = false;
  const inFlight = new Set<Promise<void>>();

  function finishedCount(): number {
    return state.evaluated + state.duplicates + state.proposalFailures;
  }

  function snapshot(): ProgressSnapshot {
    const elapsedMs = now() - startedAt;
    const finished = finishedCount();
    const { perMinute, etaSeconds } = paceFigures({
      elapsedMs,
      sessionEvaluations: state.evaluated - sessionStart.evaluated,
      sessionIterations: finished - sessionStart.finished,
      remainingIterations: limits.iterations + 1 - finished,
      maxSeconds: limits.maxSeconds,
    });
    const best = state.population.best();
    return {
      iteration: next - 1,
      totalIterations: limits.iterations,
      finishedIterations: finished,
      inFlight: inFlight.size,
      evaluated: state.evaluated,
      evaluationsPerMinute: perMinute,
      bestProgramId: best?.id,
      bestTrain: best?.score,
      bestHoldout: best && state.holdout.get(best.id)?.result?.score,
      failures: { ...state.failures },
      duplicates: state.duplicates,
      proposalFailures: state.proposalFailures,
      spentUsd: state.spentUsd,
      elapsedSeconds: elapsedMs / 1000,
      etaSeconds,
      paused,
      stopReason,
    };
  }

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

  function migrateIfDue(iteration: number): void {
    const every = limits.migrationInterval;
    if (every <= 0 || iteration % every !== 0 || iteration <= state.lastMigration) return;
    const migrants = ringMigration(state.population);
    store.transaction(() => {
      store.addIslandCopies(
        migrants.map((m) => ({ programId: m.programId, island: m.to, iteration })),
      );
      if (migrants.length > 0) {
        store.addEvent({ kind: "migration", iteration, payload: { migrants } });
      }
      store.updateRun({ lastMigration: iteration });
    });
    for (const m of migrants) state.applyCopy({ programId: m.programId, island: m.to, iteration });
    state.lastMigration = iteration;
  }

  /** Draws iteration `iteration`'s plan now, synchronously, so draws never depend on timing. */
  function plan(iteration: number): IterationPlan {
    migrateIfDue(iteration);
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
      throw initialFailed();
    }
    if (proposerExhausted || budgetSpent(limits, state.spentUsd)) {
      return inFlight.size > 0 ? "wait" : "budget";
    }
    const iteration = gaps.shift() ?? (next <= limits.iterations ? next++ : undefined);
    if (iteration === undefined) return inFlight.size > 0 ? "wait" : "iterations";
    const drawn = plan(iteration);
    return () => proposeCandidate(ctx, drawn);
  }

  function initialFailed(): EvolveError {
    const initial = [...state.programs.values()].find((p) => p.iteration === 0);
    const failure = initial && store.getProgram(initial.id)?.evaluation?.failure;
    return new EvolveError(
      `evolve: the initial program failed its evaluation (${failure?.category ?? "unknown"}: ${
        failure?.message ?? "no message"
      }); check it with \`deno task check\`, fix it and start a new run`,
      { kind: "candidate" },
    );
  }

  function steer(message: ControlMessage): void {
    const payload = { steerEventId: message.steerEventId };
    switch (message.kind) {
      case "pause":
      case "resume":
        paused = message.kind === "pause";
        store.addEvent({ kind: message.kind, payload });
        break;
      case "hint":
        state.applyEvent(
          store.addEvent({ kind: "hint", payload: { ...payload, text: message.text } }),
        );
        break;
      case "inject": {
        const iteration = next++;
        const island = islandFor(iteration, limits.islands);
        const injected = injectCandidate(ctx, { iteration, island, ...message });
        if (injected) queue.push(injected);
      }
    }
    ctx.changed();
  }

  const aborted = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
  const settle = () => Promise.race([...inFlight, aborted]);

  try {
    while (!fatal) {
      for (const message of await control.poll()) steer(message);
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
    store.updateRun({
      status: "failed",
      stopReason: "error",
      finishedAt: new Date().toISOString(),
    });
    throw fatal.error;
  }
  const reason: StopReason = signal.aborted ? "aborted" : stopReason ?? "iterations";
  if (reason !== "aborted") await finalHoldout(ctx, config.finalHoldout, config.concurrency);
  stopReason = reason;
  const progress = snapshot();
  store.transaction(() => {
    store.addEvent({ kind: "stopped", payload: { reason, progress } });
    store.updateRun({
      status: reason === "aborted" ? "stopped" : "finished",
      stopReason: reason,
      finishedAt: new Date().toISOString(),
    });
  });
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

/** Gives the best `count` programs that lack one a holdout evaluation, `concurrency` at a time. */
async function finalHoldout(ctx: CandidateContext, count: number, concurrency: number) {
  const todo = ctx.state.population.all().sort(byRank).slice(0, count)
    .filter((m) => !ctx.state.holdout.has(m.id))
    .map((m) => ctx.state.programs.get(m.id)!);
  for (let i = 0; i < todo.length; i += concurrency) {
    await Promise.all(todo.slice(i, i + concurrency).map((p) => evaluateHoldout(ctx, p)));
  }
}
