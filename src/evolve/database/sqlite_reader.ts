// Owns reading a run database in SQLite: the RunReader queries (typed records, paging), shared by
// the read-write SqliteStore and the read-only connections the reports and the UI open.
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import {
  type Row,
  rowToEvaluation,
  rowToEvent,
  rowToLlmCall,
  rowToProgram,
  rowToRun,
  rowToStageOutcomes,
  rowToSummary,
} from "./_rows.ts";
import {
  eventFilter,
  LLM_USAGE,
  PROGRAM_SUMMARY,
  PROGRAM_WITH_EVALUATION,
  rowToLlmUsage,
} from "./_sql.ts";
import type { EventQuery, LlmCallQuery, Page, ProgramQuery, RunReader } from "./store.ts";
import type {
  EventKind,
  EventRecord,
  IslandCopy,
  LlmCallRecord,
  LlmUsageRecord,
  ProgramSummary,
  RunRecord,
  StageOutcomes,
  StoredProgram,
} from "../records/mod.ts";

// SQLite walks the stage lists, so the metrics per workload inside them never reach JavaScript.
const STAGE_OUTCOMES = `SELECT e.program_id,
     (SELECT json_group_array(json_array(json_extract(s.value, '$.stage'),
        json_extract(s.value, '$.ok'), json_extract(s.value, '$.ms')))
      FROM json_each(e.stages_json) s) AS stages
   FROM evaluations e`;

/** `LIMIT ? OFFSET ?` values of a page (-1: no limit). */
function window(page: Page = {}): SQLInputValue[] {
  return [page.limit ?? -1, page.offset ?? 0];
}

/** The reading half of a run database; `SqliteStore` adds the writes. */
export class SqliteRunReader implements RunReader {
  readonly location: string;
  /** The connection; the subclass writes through it. */
  protected readonly db: DatabaseSync;

  protected constructor(path: string, db: DatabaseSync) {
    this.location = path;
    this.db = db;
  }

  /**
   * Opens `path` read-only: nothing read through it can change the run, and the file is never
   * migrated. Throws when it is missing or holds no run tables.
   */
  static openReadOnly(path: string): SqliteRunReader {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      // Waits for the engine's commits instead of failing with SQLITE_BUSY.
      db.exec("PRAGMA busy_timeout = 2000");
      db.prepare("SELECT 1 FROM run LIMIT 1").get();
    } catch (e) {
      db.close();
      throw new Error(`${path} is not a run database: ${(e as Error).message}`, { cause: e });
    }
    return new SqliteRunReader(path, db);
  }

  getRun(): RunRecord | undefined {
    const row = this.get("SELECT * FROM run WHERE id = 1");
    return row && rowToRun(row);
  }

  listPrograms(): StoredProgram[] {
    return this.all(`${PROGRAM_WITH_EVALUATION} ORDER BY p.id`).map(storedProgram);
  }

  listProgramSummaries(query: ProgramQuery = {}): ProgramSummary[] {
    const where = query.parentId === undefined ? "" : "WHERE p.parent_id = ?";
    const params = query.parentId === undefined ? [] : [query.parentId];
    return this.all(
      `${PROGRAM_SUMMARY} ${where} ORDER BY p.id LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToSummary);
  }

  listStageOutcomes(page?: Page): StageOutcomes[] {
    return this.all(`${STAGE_OUTCOMES} ORDER BY e.program_id LIMIT ? OFFSET ?`, ...window(page))
      .map(rowToStageOutcomes);
  }

  getProgram(id: number): StoredProgram | undefined {
    const row = this.get(`${PROGRAM_WITH_EVALUATION} WHERE p.id = ?`, id);
    return row && storedProgram(row);
  }

  listIslandCopies(programId?: number): IslandCopy[] {
    const where = programId === undefined ? "" : "WHERE program_id = ?";
    const params = programId === undefined ? [] : [programId];
    return this.all(`SELECT * FROM island_copies ${where} ORDER BY rowid`, ...params).map((r) => ({
      programId: Number(r.program_id),
      island: Number(r.island),
      iteration: Number(r.iteration),
    }));
  }

  listEvents(kinds?: readonly EventKind[], query: EventQuery = {}): EventRecord[] {
    const { filter, params } = eventFilter(kinds, query);
    const order = query.newestFirst ? "DESC" : "";
    return this.all(
      `SELECT * FROM events ${filter} ORDER BY id ${order} LIMIT ? OFFSET ?`,
      ...params as SQLInputValue[],
      ...window(query),
    ).map(rowToEvent);
  }

  listLlmCalls(query: LlmCallQuery = {}): LlmCallRecord[] {
    const p = query.program;
    const filter = p ? "WHERE program_id = ? OR (program_id IS NULL AND iteration = ?)" : "";
    const params = p ? [p.id, p.iteration] : [];
    return this.all(
      `SELECT * FROM llm_calls ${filter} ORDER BY id LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToLlmCall);
  }

  listLlmUsage(): LlmUsageRecord[] {
    return this.all(LLM_USAGE).map(rowToLlmUsage);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** One row of `sql`, or undefined. */
  protected get(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.db.prepare(sql).get(...params) as Row | undefined;
  }

  /** Every row of `sql`. */
  protected all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.db.prepare(sql).all(...params) as Row[];
  }
}

function storedProgram(row: Row): StoredProgram {
  return { ...rowToProgram(row), evaluation: rowToEvaluation(row) };
}
