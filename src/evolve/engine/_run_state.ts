// Owns the engine's in-memory view of a run: the population, known hashes, pending programs,
// failure feedback and counters. A live run and a resumed run build it through the same apply*
// methods (the resumed one by replaying the database), so both end in the same state.
import type { Evaluation, EvaluationFailure, StageResult } from "../../evaluate/types.ts";
import type { Store } from "../database/store.ts";
import type { EvaluationRecord, EventRecord, IslandCopy, ProgramRecord } from "../records/mod.ts";
import type { ProposalUsage } from "../records/proposal.ts";
import { type Member, Population } from "../selection/population.ts";

/** Failures kept per parent for proposer feedback, newest first. */
const FEEDBACK_LIMIT = 5;

/** Payload of `duplicate-rejected` and `proposal-failed` events. */
export interface RejectedPayload {
  readonly parentId?: number;
  readonly proposer: string;
  readonly usage?: ProposalUsage;
  /** proposal-failed: why the proposer gave up. */
  readonly reason?: string;
  /** duplicate-rejected: the program it repeats. */
  readonly duplicateOf?: number;
}

interface Feedback {
  readonly text: string;
  readonly failure?: EvaluationFailure;
}

/** The evaluation fields the state needs, shared by live `Evaluation`s and stored records. */
export type EvaluationOutcome = Pick<EvaluationRecord, "ok" | "failure" | "stages" | "train">;

/** The engine's state of one run; see the module header. */
export class RunState {
  readonly population: Population;
  /** Normalized-source hash -> first program with it (failed and pending ones included). */
  readonly hashes = new Map<string, number>();
  readonly programs = new Map<number, ProgramRecord>();
  /** Programs stored but not yet evaluated (in flight, or cut off by a crash). */
  readonly pending = new Map<number, ProgramRecord>();
  /** Iterations with a stored outcome: a program (pending or not) or a rejection event. */
  readonly recorded = new Set<number>();
  readonly holdout = new Map<number, StageResult>();
  readonly failures: Record<string, number> = {};
  readonly hints: string[] = [];
  #feedback = new Map<number, Feedback[]>();
  evaluated = 0;
  duplicates = 0;
  proposalFailures = 0;
  spentUsd = 0;
  /** Highest iteration whose outcome is final (evaluated or rejected). */
  lastFinished = 0;
  lastMigration = -1;

  /** `beats`: whether a member replaces a best (default: plain score order). */
  constructor(islands: number, beats?: (a: Member, b: Member) => boolean) {
    this.population = new Population(islands, beats);
  }

  /** Rebuilds the state of the run in `store` by replaying it in id order. */
  static load(store: Store, islands: number, beats?: (a: Member, b: Member) => boolean): RunState {
    const state = new RunState(islands, beats);
    for (const p of store.listPrograms()) {
      state.applyProgram(p);
      if (p.evaluation) state.applyEvaluation(p, p.evaluation);
      if (p.evaluation?.holdout) state.holdout.set(p.id, p.evaluation.holdout);
    }
    for (const copy of store.listIslandCopies()) state.applyCopy(copy);
    for (const e of store.listEvents(["duplicate-rejected", "proposal-failed", "hint"])) {
      state.applyEvent(e);
    }
    state.lastMigration = store.getRun()?.lastMigration ?? -1;
    return state;
  }

  /** Next iteration number never used: one past the highest recorded. */
  /** Iterations with a final outcome (evaluated, duplicate or failed proposal). */
  finishedIterations(): number {
    return this.evaluated + this.duplicates + this.proposalFailures;
  }

  nextIteration(): number {
    return Math.max(0, ...this.recorded) + 1;
  }

  /** Iterations below `nextIteration()` with no stored outcome (selected, then cut off). */
  gaps(): number[] {
    const gaps: number[] = [];
    for (let i = 1; i < this.nextIteration(); i++) if (!this.recorded.has(i)) gaps.push(i);
    return gaps;
  }

  /** A program was stored: its hash is known, its iteration recorded, its cost spent. */
  applyProgram(p: ProgramRecord): void {
    this.programs.set(p.id, p);
    if (!this.hashes.has(p.hash)) this.hashes.set(p.hash, p.id);
    this.recorded.add(p.iteration);
    this.pending.set(p.id, p);
    this.spentUsd += p.usage?.costUsd ?? 0;
  }

  /** Applies a finished evaluation; returns the member when the program joined the population. */
  applyEvaluation(p: ProgramRecord, outcome: EvaluationOutcome): Member | undefined {
    this.pending.delete(p.id);
    this.evaluated++;
    this.#finished(p.iteration);
    if (!outcome.ok) {
      const category = outcome.failure?.category ?? "unknown";
      this.failures[category] = (this.failures[category] ?? 0) + 1;
      if (p.parentId !== undefined) {
        this.#addFeedback(p.parentId, {
          text: `${category}: ${outcome.failure?.message ?? "failed"}`,
          failure: outcome.failure,
        });
      }
      return undefined;
    }
    const member = toMember(p, outcome);
    if (p.iteration === 0) {
      // The initial program seeds every island.
      for (let i = 0; i < this.population.islandCount; i++) this.population.add(member, i);
    } else {
      this.population.add(member, p.island);
    }
    return member;
  }

  /** Ring migration copied a member onto another island. */
  applyCopy(copy: IslandCopy): void {
    const member = this.population.get(copy.programId);
    if (member) this.population.add(member, copy.island);
  }

  /** A rejection (duplicate, failed proposal) finished an iteration, or a hint arrived. */
  applyEvent(e: EventRecord): void {
    if (e.kind === "hint") {
      this.hints.push(String((e.payload as { text?: unknown }).text ?? ""));
      return;
    }
    const payload = e.payload as RejectedPayload;
    if (e.iteration !== undefined) {
      this.recorded.add(e.iteration);
      this.#finished(e.iteration);
    }
    this.spentUsd += payload.usage?.costUsd ?? 0;
    if (e.kind === "duplicate-rejected") this.duplicates++;
    if (e.kind === "proposal-failed") {
      this.proposalFailures++;
      if (payload.parentId !== undefined) {
        this.#addFeedback(payload.parentId, {
          text: `proposal failed (${payload.proposer}): ${payload.reason ?? "no reason given"}`,
        });
      }
    }
  }

  /** Recent failures among the children of `parentId`, newest first. */
  feedbackFor(parentId: number): { text: string[]; failures: EvaluationFailure[] } {
    const list = this.#feedback.get(parentId) ?? [];
    return {
      text: list.map((f) => f.text),
      failures: list.flatMap((f) => f.failure ? [f.failure] : []),
    };
  }

  #addFeedback(parentId: number, feedback: Feedback): void {
    const list = [feedback, ...(this.#feedback.get(parentId) ?? [])].slice(0, FEEDBACK_LIMIT);
    this.#feedback.set(parentId, list);
  }

  #finished(iteration: number): void {
    if (iteration > this.lastFinished) this.lastFinished = iteration;
  }
}

function toMember(p: ProgramRecord, outcome: EvaluationOutcome): Member {
  const score = outcome.train?.score;
  const evaluation: Evaluation = {
    ok: true,
    stages: outcome.stages.filter((s) => s.stage !== "holdout"),
    train: outcome.train,
  };
  return {
    id: p.id,
    source: p.source,
    score: score !== undefined && Number.isFinite(score) ? score : -Infinity,
    metrics: outcome.train?.metrics ?? {},
    codeFeatures: p.features,
    iteration: p.iteration,
    evaluation,
  };
}
