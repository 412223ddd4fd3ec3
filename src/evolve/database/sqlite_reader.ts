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

const PROGRAM_WITH_EVALUATION =
  `SELECT p.*, e.program_id AS e_program_id, e.ok AS e_ok, e.failure_json AS e_failure_json,
     e.stages_json AS e_stages_json, e.train_json AS e_train_json, e.eval_ms AS e_eval_ms,
     e.wall_ms AS e_wall_ms, e.created_at AS e_created_at, e.holdout_json AS e_holdout_json,
     e.holdout_at AS e_holdout_at
   FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id`;

const PROGRAM_SUMMARY =
  `SELECT p.id, p.parent_id, p.island, p.generation, p.iteration, p.proposer, p.description,
     p.model, p.input_tokens, p.output_tokens, p.cost_usd, p.created_at,
     e.program_id AS e_program_id, e.ok AS e_ok, e.failure_category AS e_failure_category,
     e.train_score AS e_train_score, e.holdout_score AS e_holdout_score, e.wall_ms AS e_wall_ms,
     e.created_at AS e_created_at, e.holdout_at AS e_holdout_at
   FROM programs p LEFT JOIN evaluations e ON e.program_id = p.id`;

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
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (kinds) {
      where.push(`kind IN (${kinds.map(() => "?").join(", ")})`);
      params.push(...kinds);
    }
    if (query.programId !== undefined) {
      where.push("program_id = ?");
      params.push(query.programId);
    }
    if (query.unprocessed) where.push("kind = 'steer' AND processed_at IS NULL");
    const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const order = query.newestFirst ? "DESC" : "";
    return this.all(
      `SELECT * FROM events ${filter} ORDER BY id ${order} LIMIT ? OFFSET ?`,
      ...params,
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
    return this.all(
      `SELECT id, iteration, program_id, model, input_tokens, output_tokens, cost_usd, ms,
         error IS NOT NULL AS failed FROM llm_calls ORDER BY id`,
    ).map((r) => ({
      id: Number(r.id),
      iteration: r.iteration === null ? undefined : Number(r.iteration),
      programId: r.program_id === null ? undefined : Number(r.program_id),
      model: String(r.model),
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      costUsd: Number(r.cost_usd),
      ms: Number(r.ms),
      failed: Number(r.failed) === 1,
    }));
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
