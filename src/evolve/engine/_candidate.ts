// Owns one candidate's way through the engine: propose -> duplicate check -> store -> evaluate on
// train -> commit -> (new best) holdout. Every outcome is committed before the next step starts.
import type { Evaluator, StageResult } from "../../evaluate/types.ts";
import { analyzeSource } from "../source/analyze.ts";
import type { Store } from "../database/store.ts";
import type { ProgramRecord } from "../records/mod.ts";
import type { RejectedPayload, RunState } from "./_run_state.ts";
import type { ProgramRef, Proposal, ProposalRequest, Proposer } from "../records/proposal.ts";
import { byRank, ranksAbove } from "../records/mod.ts";
import { EvolveError } from "../../errors/mod.ts";
import type { Member } from "../selection/population.ts";
import type { Selection } from "../selection/select.ts";

/** What a candidate task may touch. */
export interface CandidateContext {
  readonly store: Store;
  readonly evaluator: Evaluator;
  readonly proposer: Proposer;
  readonly state: RunState;
  readonly signal: AbortSignal;
  readonly now: () => number;
  /** Dollars left of the budget, undefined without one. */
  readonly budgetLeftUsd: () => number | undefined;
  /** False once a holdout run came back without a holdout stage (the spec has none). */
  holdoutAvailable: boolean;
  /** Something changed: report progress. */
  readonly changed: () => void;
}

/** One iteration's plan, drawn synchronously by the scheduler. */
export interface IterationPlan {
  readonly iteration: number;
  readonly seed: number;
  readonly selection: Selection;
}

function toRef(m: Member): ProgramRef {
  return { id: String(m.id), source: m.source, score: m.score, metrics: m.metrics };
}

/** Proposes, de-duplicates, stores and evaluates the candidate of one iteration. */
export async function proposeCandidate(ctx: CandidateContext, plan: IterationPlan): Promise<void> {
  const { state, store } = ctx;
  const { parent, inspirations, island } = plan.selection;
  const feedback = state.feedbackFor(parent.id);
  const request: ProposalRequest = {
    parent: toRef(parent),
    inspirations: inspirations.map(toRef),
    iteration: plan.iteration,
    seed: plan.seed,
    feedback: feedback.text,
    failures: feedback.failures,
    parentEvaluation: parent.evaluation,
    hints: [...state.hints],
    signal: ctx.signal,
    budgetLeftUsd: ctx.budgetLeftUsd(),
  };
  const result = await ctx.proposer.propose(request);
  if (!result.ok) {
    const payload: RejectedPayload = {
      parentId: parent.id,
      proposer: result.proposer,
      reason: result.reason,
      usage: result.usage,
    };
    state.applyEvent(
      store.addEvent({ kind: "proposal-failed", iteration: plan.iteration, payload }),
    );
    ctx.changed();
    return;
  }
  const proposal = result.proposal;
  const analysis = analyzeSource(proposal.source);
  const duplicateOf = state.hashes.get(analysis.hash);
  if (duplicateOf !== undefined) {
    const payload: RejectedPayload = {
      parentId: parent.id,
      proposer: proposal.proposer,
      duplicateOf,
      usage: proposal.usage,
    };
    state.applyEvent(
      store.addEvent({ kind: "duplicate-rejected", iteration: plan.iteration, payload }),
    );
    ctx.changed();
    return;
  }
  const program = store.addProgram({
    source: proposal.source,
    hash: analysis.hash,
    parentId: parent.id,
    island,
    generation: (state.programs.get(parent.id)?.generation ?? 0) + 1,
    iteration: plan.iteration,
    seed: plan.seed,
    proposer: proposal.proposer,
    description: proposal.description,
    diff: proposal.diff,
    features: analysis.features,
    usage: proposal.usage,
  });
  state.applyProgram(program);
  // Paid for and stored: after Ctrl-C it stays pending and is evaluated on resume.
  if (ctx.signal.aborted) return;
  await evaluateCandidate(ctx, program, proposal);
}

/** A hand-written candidate from `steer inject`, placed on an iteration by the scheduler. */
export interface Injection {
  readonly iteration: number;
  readonly island: number;
  readonly source: string;
  readonly description?: string;
  readonly steerEventId?: number;
}

/**
 * Stores an injected program (proposer "human", no parent) and returns it for evaluation, or
 * records it as a duplicate and returns undefined.
 */
export function injectCandidate(
  ctx: CandidateContext,
  injection: Injection,
): ProgramRecord | undefined {
  const { state, store } = ctx;
  const { iteration, steerEventId } = injection;
  const analysis = analyzeSource(injection.source);
  const duplicateOf = state.hashes.get(analysis.hash);
  if (duplicateOf !== undefined) {
    const payload: RejectedPayload & { steerEventId?: number } = {
      proposer: "human",
      duplicateOf,
      steerEventId,
    };
    state.applyEvent(store.addEvent({ kind: "duplicate-rejected", iteration, payload }));
    return undefined;
  }
  const program = store.transaction(() => {
    const p = store.addProgram({
      source: injection.source,
      hash: analysis.hash,
      island: injection.island,
      generation: 0,
      iteration,
      proposer: "human",
      description: injection.description ?? "injected by hand",
      features: analysis.features,
    });
    store.addEvent({ kind: "inject", iteration, programId: p.id, payload: { steerEventId } });
    return p;
  });
  state.applyProgram(program);
  return program;
}

/** The proposal a stored program came from (for `observe` after a resume). */
function proposalOf(program: ProgramRecord): Proposal {
  const { source, description, diff, proposer, usage } = program;
  return { source, description, diff, proposer, usage };
}

/** Evaluates a stored program on train, commits the result, and runs holdout for a new best. */
export async function evaluateCandidate(
  ctx: CandidateContext,
  program: ProgramRecord,
  proposal: Proposal = proposalOf(program),
): Promise<void> {
  const { state, store } = ctx;
  const started = ctx.now();
  const evaluation = await ctx.evaluator.evaluate(program.source);
  const wallMs = ctx.now() - started;
  const previous = state.population.best();
  const member = store.transaction(() => {
    store.recordEvaluation(program.id, evaluation, wallMs);
    const joined = state.applyEvaluation(program, evaluation);
    if (joined && (!previous || ranksAbove(joined, previous))) {
      store.addEvent({
        kind: "new-best",
        iteration: program.iteration,
        programId: program.id,
        payload: { trainScore: joined.score, previousId: previous?.id, previous: previous?.score },
      });
    }
    return joined;
  });
  const holdout = evaluation.stages.find((s) => s.stage === "holdout");
  if (holdout) state.holdout.set(program.id, holdout);
  ctx.changed();
  if (program.parentId !== undefined && program.proposer !== "human") {
    ctx.proposer.observe?.({
      proposal,
      parentScore: state.population.get(program.parentId)?.score,
      childScore: member?.score,
    });
  }
  const isBest = member !== undefined && state.population.best() === member;
  if (isBest && !holdout && !ctx.signal.aborted) await evaluateHoldout(ctx, program);
}

/** Runs the holdout stage for an evaluated program and stores it (never used for selection). */
export async function evaluateHoldout(
  ctx: CandidateContext,
  program: ProgramRecord,
): Promise<void> {
  if (!ctx.holdoutAvailable) return;
  const evaluation = await ctx.evaluator.evaluate(program.source, { holdout: true });
  let stage: StageResult | undefined = evaluation.stages.find((s) => s.stage === "holdout");
  if (!stage && evaluation.ok) {
    // The cascade has no holdout stage (or no holdout workloads): stop asking for one.
    ctx.holdoutAvailable = false;
    return;
  }
  stage ??= {
    stage: "holdout",
    ok: false,
    ms: 0,
    failure: evaluation.failure && {
      ...evaluation.failure,
      message: `holdout run failed before its holdout stage: ${evaluation.failure.message}`,
    },
  };
  ctx.store.recordHoldout(program.id, stage);
  ctx.state.holdout.set(program.id, stage);
  ctx.changed();
}

/** Gives the best `count` programs that lack one a holdout evaluation, `concurrency` at a time. */
export async function finalHoldout(
  ctx: CandidateContext,
  count: number,
  concurrency: number,
): Promise<void> {
  const todo = ctx.state.population.all().sort(byRank).slice(0, count)
    .filter((m) => !ctx.state.holdout.has(m.id))
    .map((m) => ctx.state.programs.get(m.id)!);
  for (let i = 0; i < todo.length; i += concurrency) {
    await Promise.all(todo.slice(i, i + concurrency).map((p) => evaluateHoldout(ctx, p)));
  }
}

/** The error that ends a run whose initial program failed: nothing can be selected. */
export function initialFailure(ctx: CandidateContext): EvolveError {
  const initial = [...ctx.state.programs.values()].find((p) => p.iteration === 0);
  const failure = initial && ctx.store.getProgram(initial.id)?.evaluation?.failure;
  return new EvolveError(
    `evolve: the initial program failed its evaluation (${failure?.category ?? "unknown"}: ${
      failure?.message ?? "no message"
    }); check it with \`deno task check\`, fix it and start a new run`,
    { kind: "candidate" },
  );
}
