// Owns the Store and RunReader contracts: what the engine, the reports, the UI and the steer command
// read and write about a run, independent of SQLite (the one implementation today is `SqliteStore`).
import type { Evaluation, StageResult } from "../../evaluate/types.ts";
import type {
  EventKind,
  EventRecord,
  IslandCopy,
  LlmCallRecord,
  LlmUsageRecord,
  NewEvent,
  NewLlmCall,
  NewProgram,
  NewRun,
  ProgramRecord,
  ProgramSummary,
  RunPatch,
  RunRecord,
  StageOutcomes,
  StoredProgram,
} from "../records/run.ts";

/** A window of a long list: skip `offset` items, then take at most `limit`. */
export interface Page {
  /** @default 0 */
  readonly offset?: number;
  /** @default every remaining item */
  readonly limit?: number;
}

/** Which program summaries `listProgramSummaries` returns. */
export interface ProgramQuery extends Page {
  /** Only the children of this program. */
  readonly parentId?: number;
}

/** Which events `listEvents` returns, besides their kinds. */
export interface EventQuery extends Page {
  /** Only the events of this program. */
  readonly programId?: number;
  /** Only `steer` commands the engine has not taken yet. */
  readonly unprocessed?: boolean;
  /** Newest first (paging then counts from the newest). @default false */
  readonly newestFirst?: boolean;
}

/** Which LLM calls `listLlmCalls` returns. */
export interface LlmCallQuery extends Page {
  /**
   * The calls of this program: those that carry its id, and those of its `iteration` that carry
   * none (the proposer logs a call before the program has an id).
   */
  readonly program?: { readonly id: number; readonly iteration: number };
}

/**
 * Read access to one run: typed records, in id order unless a query says otherwise, with paging for
 * large runs. The reports and the UI read a run only through this interface, so another store
 * (PostgreSQL) implements it and neither changes.
 */
export interface RunReader {
  /** Where the data lives, for messages (e.g. the database path). */
  readonly location: string;
  getRun(): RunRecord | undefined;
  /** Programs in id order, each with its evaluation when finished. */
  listPrograms(): StoredProgram[];
  /** Programs in id order without their sources and results, as `query` narrows and pages them. */
  listProgramSummaries(query?: ProgramQuery): ProgramSummary[];
  /** The stages of every finished evaluation, in program id order, without their results. */
  listStageOutcomes(page?: Page): StageOutcomes[];
  getProgram(id: number): StoredProgram | undefined;
  /** Copies made by migration in the order they were made, optionally of one program only. */
  listIslandCopies(programId?: number): IslandCopy[];
  /** Events in id order, optionally only some kinds (and as `query` narrows them). */
  listEvents(kinds?: readonly EventKind[], query?: EventQuery): EventRecord[];
  listLlmCalls(query?: LlmCallQuery): LlmCallRecord[];
  /** Every LLM call's accounting in id order, without the texts. */
  listLlmUsage(): LlmUsageRecord[];
  close(): void;
}

/** Persistent state of one run: its reads, and writes that each commit before they return. */
export interface Store extends RunReader {
  /** Runs `fn` as one transaction: all of its writes commit together or none do. */
  transaction<T>(fn: () => T): T;
  createRun(run: NewRun): RunRecord;
  updateRun(patch: RunPatch): void;
  addProgram(program: NewProgram): ProgramRecord;
  /** Stores a finished evaluation; its holdout stage, if any, is stored as the holdout. */
  recordEvaluation(programId: number, evaluation: Evaluation, wallMs: number): void;
  /** Stores the holdout stage of an already evaluated program. */
  recordHoldout(programId: number, holdout: StageResult): void;
  addIslandCopies(copies: readonly IslandCopy[]): void;
  addEvent(event: NewEvent): EventRecord;
  /** Unprocessed `steer` events in id order, marked processed in the same transaction. */
  takeSteerEvents(): EventRecord[];
  addLlmCall(call: NewLlmCall): LlmCallRecord;
}
