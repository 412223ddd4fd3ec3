// Owns the run Store over PostgreSQL: the same records, schema versions and transactions as the
// SQLite store, one run per PostgreSQL schema, so a lab shares one database among many runs and
// the reports and the UI read it through the same RunReader.
import type { Evaluation, StageResult } from "../../evaluate/types.ts";
import { EvolveError } from "../../errors/mod.ts";
import { PgConnection, type PgConnectionOptions } from "./_pg_conn.ts";
import { pgMigrate } from "./pg_migrations.ts";
import { redactUrl } from "./pg_url.ts";
import {
  evaluationValues,
  eventFilter,
  holdoutValues,
  INSERT_EVALUATION,
  INSERT_EVENT,
  INSERT_LLM_CALL,
  INSERT_PROGRAM,
  LLM_USAGE,
  llmCallValues,
  now,
  PROGRAM_SUMMARY,
  PROGRAM_WITH_EVALUATION,
  programValues,
  rowToLlmUsage,
  runPatchSql,
  UPDATE_HOLDOUT,
} from "./_sql.ts";
import {
  type Row,
  rowToEvaluation,
  rowToEvent,
  rowToLlmCall,
  rowToProgram,
  rowToRun,
  rowToStageOutcomes,
  rowToSummary,
  toJson,
} from "./_rows.ts";
import type { EventQuery, LlmCallQuery, Page, ProgramQuery, Store } from "./store.ts";
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
} from "../records/mod.ts";

/** Options of `PgStore.open`. */
export interface PgStoreOptions extends PgConnectionOptions {
  /** Read only: every transaction of the session is read-only, and nothing is migrated. */
  readonly readOnly?: boolean;
  /**
   * Hold the run's advisory lock for the session: a second process asking for it is refused, so
   * two coordinators never drive one run. @default false
   */
  readonly exclusive?: boolean;
}

/** PostgreSQL identifiers a run schema may have: created by `runSchemaName`, never quoted. */
const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/;

// PostgreSQL walks the stage lists, so the metrics per workload never reach JavaScript.
const STAGE_OUTCOMES = `SELECT e.program_id,
     (SELECT coalesce(json_agg(json_build_array(s.value->'stage', s.value->'ok', s.value->'ms')
        ORDER BY s.ordinality), '[]'::json)::text
      FROM json_array_elements(e.stages_json::json) WITH ORDINALITY s) AS stages
   FROM evaluations e`;

/** `LIMIT ? OFFSET ?` values of a page (NULL: no limit). */
function window(page: Page = {}): unknown[] {
  return [page.limit ?? null, page.offset ?? 0];
}

/** One run's database in a schema of a PostgreSQL database. */
export class PgStore implements Store {
  readonly location: string;
  readonly #conn: PgConnection;
  #depth = 0;

  private constructor(location: string, conn: PgConnection) {
    this.location = location;
    this.#conn = conn;
  }

  /**
   * Opens the run in `schema` of the database at `url` (created and migrated unless read-only).
   * The location it reports never carries the password.
   */
  static open(url: string, schema: string, options: PgStoreOptions = {}): PgStore {
    if (!SCHEMA.test(schema)) {
      throw new EvolveError(
        `run store: "${schema}" is not a run schema name (lower-case letters, digits, _)`,
        { kind: "usage" },
      );
    }
    const location = `${redactUrl(url)}#${schema}`;
    const conn = PgConnection.open(url, schema, `run store ${location}`, {
      ...options,
      create: !options.readOnly,
    });
    try {
      if (options.exclusive) lockRun(conn, location);
      if (options.readOnly) {
        conn.query("SET default_transaction_read_only = on");
        if (!conn.query("SELECT to_regclass('run') AS t").rows[0]?.t) {
          throw new EvolveError(`${location} is not a run database: it holds no run table`);
        }
      } else pgMigrate(conn, `run store ${location}`);
    } catch (e) {
      conn.close();
      throw e;
    }
    return new PgStore(location, conn);
  }

  transaction<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.#conn.query("BEGIN");
    this.#depth++;
    try {
      const result = fn();
      this.#conn.query("COMMIT");
      return result;
    } catch (e) {
      try {
        this.#conn.query("ROLLBACK");
      } catch { /* a lost connection rolled it back already */ }
      throw e;
    } finally {
      this.#depth--;
    }
  }

  getRun(): RunRecord | undefined {
    const row = this.#get("SELECT * FROM run WHERE id = 1");
    return row && rowToRun(row);
  }

  listPrograms(): StoredProgram[] {
    return this.#all(`${PROGRAM_WITH_EVALUATION} ORDER BY p.id`).map(storedProgram);
  }

  listProgramSummaries(query: ProgramQuery = {}): ProgramSummary[] {
    const where = query.parentId === undefined ? "" : "WHERE p.parent_id = ?";
    const params = query.parentId === undefined ? [] : [query.parentId];
    return this.#all(
      `${PROGRAM_SUMMARY} ${where} ORDER BY p.id LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToSummary);
  }

  listStageOutcomes(page?: Page): StageOutcomes[] {
    return this.#all(`${STAGE_OUTCOMES} ORDER BY e.program_id LIMIT ? OFFSET ?`, ...window(page))
      .map(rowToStageOutcomes);
  }

  getProgram(id: number): StoredProgram | undefined {
    const row = this.#get(`${PROGRAM_WITH_EVALUATION} WHERE p.id = ?`, id);
    return row && storedProgram(row);
  }

  listIslandCopies(programId?: number): IslandCopy[] {
    const where = programId === undefined ? "" : "WHERE program_id = ?";
    const params = programId === undefined ? [] : [programId];
    return this.#all(`SELECT * FROM island_copies ${where} ORDER BY seq`, ...params).map((r) => ({
      programId: Number(r.program_id),
      island: Number(r.island),
      iteration: Number(r.iteration),
    }));
  }

  listEvents(kinds?: readonly EventKind[], query: EventQuery = {}): EventRecord[] {
    const { filter, params } = eventFilter(kinds, query);
    const order = query.newestFirst ? "DESC" : "";
    return this.#all(
      `SELECT * FROM events ${filter} ORDER BY id ${order} LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToEvent);
  }

  listLlmCalls(query: LlmCallQuery = {}): LlmCallRecord[] {
    const p = query.program;
    const filter = p ? "WHERE program_id = ? OR (program_id IS NULL AND iteration = ?)" : "";
    const params = p ? [p.id, p.iteration] : [];
    return this.#all(
      `SELECT * FROM llm_calls ${filter} ORDER BY id LIMIT ? OFFSET ?`,
      ...params,
      ...window(query),
    ).map(rowToLlmCall);
  }

  listLlmUsage(): LlmUsageRecord[] {
    return this.#all(LLM_USAGE).map(rowToLlmUsage);
  }

  createRun(run: NewRun): RunRecord {
    this.#run(
      `INSERT INTO run (id, spec_name, spec_hash, config_json, rng_state_json, status, started_at)
       VALUES (1, ?, ?, ?, ?, 'running', ?)`,
      run.specName,
      run.specHash,
      toJson(run.config),
      toJson(run.rngState),
      now(),
    );
    return this.getRun()!;
  }

  updateRun(patch: RunPatch): void {
    const sql = runPatchSql(patch);
    if (sql) this.#run(`UPDATE run SET ${sql.sets} WHERE id = 1`, ...sql.values);
  }

  addProgram(p: NewProgram): ProgramRecord {
    const createdAt = now();
    const id = this.#insert(`${INSERT_PROGRAM} RETURNING id`, ...programValues(p, createdAt));
    return { ...p, id, createdAt };
  }

  recordEvaluation(programId: number, evaluation: Evaluation, wallMs: number): void {
    const { values, holdout } = evaluationValues(programId, evaluation, wallMs);
    this.transaction(() => {
      this.#run(INSERT_EVALUATION, ...values);
      if (holdout) this.recordHoldout(programId, holdout);
    });
  }

  recordHoldout(programId: number, holdout: StageResult): void {
    const { rowCount } = this.#run(UPDATE_HOLDOUT, ...holdoutValues(programId, holdout));
    if (rowCount !== 1) {
      throw new Error(`${this.location}: recordHoldout: program ${programId} has no evaluation`);
    }
  }

  addIslandCopies(copies: readonly IslandCopy[]): void {
    this.transaction(() => {
      for (const c of copies) {
        this.#run(
          `INSERT INTO island_copies (program_id, island, iteration) VALUES (?, ?, ?)
           ON CONFLICT DO NOTHING`,
          c.programId,
          c.island,
          c.iteration,
        );
      }
    });
  }

  addEvent(event: NewEvent): EventRecord {
    const time = now();
    const id = this.#insert(
      `${INSERT_EVENT} RETURNING id`,
      time,
      event.kind,
      event.iteration ?? null,
      event.programId ?? null,
      toJson(event.payload ?? null),
    );
    return { ...event, id, time };
  }

  takeSteerEvents(): EventRecord[] {
    // One statement takes them: FOR UPDATE SKIP LOCKED is unneeded with one engine per run.
    const at = now();
    return this.#all(
      `UPDATE events SET processed_at = ? WHERE kind = 'steer' AND processed_at IS NULL
       RETURNING *`,
      at,
    ).map(rowToEvent).sort((a, b) => a.id - b.id);
  }

  addLlmCall(call: NewLlmCall): LlmCallRecord {
    const createdAt = now();
    const id = this.#insert(`${INSERT_LLM_CALL} RETURNING id`, ...llmCallValues(call, createdAt));
    return { ...call, id, createdAt };
  }

  close(): void {
    this.#conn.close();
  }

  #get(sql: string, ...params: unknown[]): Row | undefined {
    return this.#conn.query(sql, params).rows[0];
  }

  #all(sql: string, ...params: unknown[]): Row[] {
    return this.#conn.query(sql, params).rows;
  }

  #run(sql: string, ...params: unknown[]): { rowCount: number } {
    return this.#conn.query(sql, params);
  }

  #insert(sql: string, ...params: unknown[]): number {
    return Number(this.#conn.query(sql, params).rows[0].id);
  }
}

/** Takes the run's session advisory lock, or refuses: another coordinator drives this run. */
function lockRun(conn: PgConnection, location: string): void {
  const got = conn.query("SELECT pg_try_advisory_lock(hashtext(current_schema())) AS got").rows[0];
  if (got?.got !== true) {
    throw new EvolveError(
      `${location}: another coordinator is driving this run (it holds the run's advisory lock); ` +
        "stop it first, or start a new run",
      { kind: "usage" },
    );
  }
}

function storedProgram(row: Row): StoredProgram {
  return { ...rowToProgram(row), evaluation: rowToEvaluation(row) };
}
